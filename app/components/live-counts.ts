import { useEffect, useState } from "react";

type Tiers = { confirmed: number; pending: number; held: number; withdrawn: number; removed: number; paper: number };
export type CountsView = {
  confirmed: number;
  regions: { code: string; confirmed: number }[];
  updatedAt: string;
  tiers?: Tiers;
  removedByReason?: { reason: string; removed: number }[];
};

/**
 * Counts as rendered by the server, then kept current: server-sent events where the browser has
 * them, otherwise (or after repeated stream errors) polling the public JSON every 10 seconds.
 */
export function useLiveCounts(slug: string, initial: CountsView, enabled: boolean) {
  const [counts, setCounts] = useState(initial);
  // New server data (navigation, revalidation) replaces the live figures; keyed by time, not identity.
  useEffect(() => setCounts(initial), [initial.updatedAt]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!enabled) return;
    const base = `/api/v1/petitions/${encodeURIComponent(slug)}`;
    let pollTimer: number | undefined;
    let source: EventSource | undefined;
    let failures = 0;
    const apply = (data: CountsView) =>
      setCounts((current) => (Date.parse(data.updatedAt) >= Date.parse(current.updatedAt) ? data : current));
    const poll = async () => {
      try {
        // Revalidated each time: stale-while-revalidate would show each poll the previous figures.
        const response = await fetch(base, { cache: "no-cache", headers: { Accept: "application/json" } });
        if (response.ok) apply((await response.json()) as CountsView);
      } catch {
        // Offline for a moment: the next poll tries again.
      }
      pollTimer = window.setTimeout(poll, 10_000);
    };
    if (typeof EventSource === "undefined") {
      void poll();
    } else {
      source = new EventSource(`${base}/events`);
      source.addEventListener("counts", (event) => {
        failures = 0;
        apply(JSON.parse((event as MessageEvent<string>).data) as CountsView);
      });
      source.onerror = () => {
        // EventSource reconnects by itself; after repeated failures fall back to polling. A refused
        // stream (429: this client holds too many) is closed for good at once: poll right away.
        if (source && (source.readyState === EventSource.CLOSED || ++failures >= 3)) {
          source.close();
          source = undefined;
          void poll();
        }
      };
    }
    return () => {
      source?.close();
      window.clearTimeout(pollTimer);
    };
  }, [slug, enabled]);

  return counts;
}

import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { findPublicPetition } from "~/models/petition-api.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { formatDateTime } from "~/lib/format.ts";
import { wordingOf } from "~/lib/publication-mode.ts";
import { lookupReceipt } from "~/models/ledger.server.ts";
import { listPetitionOptions } from "~/models/publication.server.ts";
import type { Tier } from "~/models/signature-states.ts";
import { SignedVersion } from "~/components/signed-version.tsx";
import { signedTextOf } from "~/models/text-versions.server.ts";
import { entriesInLog } from "~/models/log.server.ts";
import { ReceiptProof } from "~/components/receipt-proof.tsx";

// Anyone may check a receipt: its ledger entries and the tier they leave it in (the same state the
// confirmation page names), the text version it was given on, and its proof in the signed log.
// Nothing about the signer is shown.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const url = new URL(request.url);
  const slug = (url.searchParams.get("petition") ?? "").slice(0, 200);
  const receipt = (url.searchParams.get("id") ?? "").trim().slice(0, 64);
  const petitions = await listPetitionOptions(locale);
  let result: {
    found: boolean;
    counted: boolean;
    tier: Tier | null;
    /** A statement's receipt stands for an endorsement: its own words. */
    wording: "statement" | undefined;
    entries: { seq: number; type: string; minute: string }[];
  } | null = null;
  let log: Awaited<ReturnType<typeof entriesInLog>> = null;
  if (slug && receipt) {
    const petition = await findPublicPetition(slug);
    const lookup = petition && /^[A-Za-z0-9_-]+$/.test(receipt) ? await lookupReceipt(petition.id, receipt) : null;
    result = {
      found: Boolean(lookup?.entries.length),
      counted: Boolean(lookup?.counted),
      tier: lookup?.tier ?? null,
      wording: petition ? wordingOf(petition) : undefined,
      entries: (lookup?.entries ?? []).map((entry) => ({
        seq: entry.seq,
        type: entry.type,
        minute: entry.minute.toISOString(),
      })),
    };
    if (petition && lookup?.entries.length)
      log = await entriesInLog(
        petition.id,
        lookup.entries.map((e) => e.seq),
      );
  }
  const signed = result?.found ? await signedTextOf(slug, receipt) : null;
  return json({ locale, petitions, slug, receipt, result, signed, log, pageTitle: serverT(locale)("receipt.title") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
];

export default function ReceiptCheck() {
  const { locale, petitions, slug, receipt, result, signed, log } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <div className="card space-y-3">
        <h1 className="text-2xl font-bold">{t("receipt.title")}</h1>
        <p className="text-slate-800">{t("receipt.intro")}</p>
        <Form method="get" className="space-y-3">
          <div>
            <label htmlFor="receipt-petition" className="field-label">
              {t("receipt.petition")}
            </label>
            <select id="receipt-petition" name="petition" defaultValue={slug} className="field-input">
              {petitions.map((option) => (
                <option key={option.slug} value={option.slug}>
                  {option.title}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="receipt-id" className="field-label">
              {t("receipt.id")}
            </label>
            <input
              id="receipt-id"
              name="id"
              defaultValue={receipt}
              className="field-input font-mono"
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
            />
          </div>
          <button type="submit" className="btn-primary">
            {t("receipt.submit")}
          </button>
        </Form>
      </div>
      {result ? (
        <section
          className="card space-y-2"
          aria-live="polite"
          data-testid="receipt-result"
          data-counted={result.counted}
          data-tier={result.tier ?? ""}
        >
          {result.found ? (
            <>
              <p className="font-semibold">{t("receipt.found", { count: result.entries.length })}</p>
              {result.tier ? <p>{t(`receipt.state.${result.tier}`, { context: result.wording })}</p> : null}
              <ul className="list-disc pl-6 text-sm">
                {result.entries.map((entry) => (
                  <li key={entry.seq}>
                    {t("receipt.entry", {
                      seq: entry.seq,
                      type: t(`ledgerType.${entry.type}`, { context: result.wording }),
                      time: formatDateTime(locale, entry.minute),
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>{t("receipt.notFound", { context: result.wording })}</p>
          )}
        </section>
      ) : null}
      {signed ? <SignedVersion locale={locale} slug={slug} signed={signed} /> : null}
      {result?.found && log ? (
        <ReceiptProof key={`${slug}/${receipt}/${log.treeSize}`} slug={slug} receipt={receipt} log={log} />
      ) : null}
    </div>
  );
}

// A word-level diff for showing readers what an edit changed (Kazakh and Russian alike: words
// come from Intl.Segmenter, so punctuation and spaces are their own pieces). Myers' algorithm
// on the words between the common beginning and end; past `maxEdits` differences it gives up on
// alignment and shows the middle as removed, then added — still exact, only less fine-grained.

export type DiffPart = { kind: "same" | "removed" | "added"; text: string };
/** A diff for display: long unchanged stretches are cut down to their ends around a "gap". */
export type ShownPart = DiffPart | { kind: "gap"; text: "" };

const segmenters = new Map<string, Intl.Segmenter>();

/** Words, spaces and punctuation, in order; joined they give the text back exactly. */
export function words(text: string, locale = "ru"): string[] {
  let segmenter = segmenters.get(locale);
  if (!segmenter) segmenters.set(locale, (segmenter = new Intl.Segmenter(locale, { granularity: "word" })));
  return Array.from(segmenter.segment(text), (segment) => segment.segment);
}

export function wordDiff(before: string, after: string, options: { locale?: string; maxEdits?: number } = {}) {
  const a = words(before, options.locale);
  const b = words(after, options.locale);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart["kind"], text: string) => {
    if (!text) return;
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  push("same", a.slice(0, start).join(""));
  const middle = myers(a.slice(start, a.length - end), b.slice(start, b.length - end), options.maxEdits ?? 2_000);
  for (const [kind, text] of middle) push(kind, text);
  push("same", a.slice(a.length - end).join(""));
  return joinAcrossSpaces(parts);
}

type Op = ["same" | "removed" | "added", string];

/** Shortest edit script (Myers 1986), keeping one frontier per step to walk back from the end. */
function myers(a: string[], b: string[], maxEdits: number): Op[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.length ? [["added", b.join("")]] : [];
  if (m === 0) return [["removed", a.join("")]];
  const offset = n + m;
  const frontier = new Int32Array(2 * offset + 2);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= Math.min(n + m, maxEdits) && found < 0; d++) {
    trace.push(frontier.slice(offset - d, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && frontier[offset + k - 1] < frontier[offset + k + 1])
          ? frontier[offset + k + 1]
          : frontier[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      frontier[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0)
    return [
      ["removed", a.join("")],
      ["added", b.join("")],
    ];
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const previous = trace[d];
    const at = (k: number) => previous[k + d];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const previousK = down ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      ops.push(["same", a[--x]]);
      y--;
    }
    if (down) ops.push(["added", b[--y]]);
    else ops.push(["removed", a[--x]]);
  }
  while (x > 0 && y > 0) {
    ops.push(["same", a[--x]]);
    y--;
  }
  return ops.reverse();
}

/**
 * "a b c" → "x y z" reads better as one replacement than as three, split by the unchanged spaces
 * between them: a stretch of only spaces between two changes joins the change on both sides.
 */
function joinAcrossSpaces(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const between = i > 0 && i < parts.length - 1 && parts[i - 1].kind !== "same" && parts[i + 1].kind !== "same";
    if (part.kind === "same" && between && /^[^\S\n]+$/.test(part.text)) {
      out.push({ kind: "removed", text: part.text }, { kind: "added", text: part.text });
    } else out.push({ ...part });
  }
  // Merge what is now adjacent: removed text together, then added text together.
  const merged: DiffPart[] = [];
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed) merged.push({ kind: "removed", text: removed });
    if (added) merged.push({ kind: "added", text: added });
    removed = added = "";
  };
  for (const part of out) {
    if (part.kind === "removed") removed += part.text;
    else if (part.kind === "added") added += part.text;
    else {
      flush();
      merged.push(part);
    }
  }
  flush();
  return merged;
}

/** Keeps `context` characters (to a word boundary) of unchanged text around each change. */
export function shownDiff(parts: DiffPart[], context = 80): ShownPart[] {
  const shown: ShownPart[] = [];
  parts.forEach((part, index) => {
    if (part.kind !== "same" || part.text.length <= context * 2 + 20) return void shown.push(part);
    const first = index === 0;
    const last = index === parts.length - 1;
    const head = first ? "" : cutAfter(part.text, context);
    const tail = last ? "" : cutBefore(part.text, context);
    if (head) shown.push({ kind: "same", text: head });
    shown.push({ kind: "gap", text: "" });
    if (tail) shown.push({ kind: "same", text: tail });
  });
  return shown;
}

function cutAfter(text: string, length: number) {
  const space = text.indexOf(" ", length);
  return text.slice(0, space < 0 || space > length + 30 ? length : space);
}

function cutBefore(text: string, length: number) {
  const space = text.lastIndexOf(" ", text.length - length);
  const from = space < 0 || space < text.length - length - 30 ? text.length - length : space + 1;
  return text.slice(from);
}

/**
 * Whether `after` differs from `before` only by typo fixes: every changed word is replaced by one
 * close to it (at most max(2, ¼ of its length) letters added, removed, changed or swapped), and
 * no word is added or removed, no number changes; spaces and punctuation may change freely. A character count cannot
 * tell "Алмты → Алматы" from "SUPPORT → OPPOSE" or "қолдаймыз → қарсымыз"; this can, so a minor
 * edit can never turn what people signed into its opposite.
 */
export function onlyTypoFixes(before: string, after: string, locale = "ru"): boolean {
  const parts = wordDiff(before, after, { locale, maxEdits: 200 });
  let removed: string[] = [];
  let added: string[] = [];
  const hunkOk = () => {
    const ok = removed.length === added.length && removed.every((word, index) => closeEnough(word, added[index]));
    removed = [];
    added = [];
    return ok;
  };
  const wordsIn = (text: string) => words(text, locale).filter((piece) => /[\p{L}\p{N}]/u.test(piece));
  for (const part of parts) {
    if (part.kind === "same") {
      if (!hunkOk()) return false;
    } else if (part.kind === "removed") removed.push(...wordsIn(part.text));
    else added.push(...wordsIn(part.text));
  }
  return hunkOk();
}

function closeEnough(a: string, b: string) {
  // Numbers are facts (sums, dates, counts): a minor edit keeps every one as it was.
  if (/\p{N}/u.test(a) || /\p{N}/u.test(b)) return false;
  const allowed = Math.max(2, Math.floor(Math.max(a.length, b.length) / 4));
  return editDistance(a.toLowerCase(), b.toLowerCase()) <= allowed;
}

/** Levenshtein distance with adjacent swaps counted once (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let before = new Array<number>(y.length + 1).fill(0);
  let previous = Array.from({ length: y.length + 1 }, (_, index) => index);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, before[j - 2] + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[y.length];
}

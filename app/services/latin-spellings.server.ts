// The Latin spellings organizers gave by hand (decision 057), held compiled in memory for the
// /kk-latn/ layer and Latin mails. Any announced change of a publication (the editor announces
// every save, from every instance) makes the next reader load them again; readers arriving while
// that load runs share it.
import { latinSpellings, type LatinSpellings } from "~/lib/latin-html.ts";
import { latinSpellingPairs } from "~/models/publication.server.ts";
import { onCountChange } from "~/services/live.server.ts";

let current: LatinSpellings | null = null;
let loading: Promise<LatinSpellings> | null = null;
/** Bumped by every change: a load that overlapped one is not kept as current. */
let generation = 0;

onCountChange(() => {
  generation++;
  current = null;
  loading = null;
});

/** The spellings to apply to a Latin page or mail now. */
export async function currentLatinSpellings(): Promise<LatinSpellings> {
  if (current) return current;
  if (!loading) {
    const started = generation;
    const load: Promise<LatinSpellings> = latinSpellingPairs()
      .then((pairs) => {
        const compiled = latinSpellings(pairs);
        if (generation === started) current = compiled;
        return compiled;
      })
      .finally(() => {
        if (loading === load) loading = null;
      });
    loading = load;
  }
  return loading;
}

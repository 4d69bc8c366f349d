#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by package / file and the
// hottest functions. `npm run bench -- --profile` writes one per scenario into bench/results/profiles/.
//
//   node bench/profile-summary.js bench/results/profiles/<file>.cpuprofile [top]
import { readFileSync } from "node:fs";

/** @param {string} url */
export function areaOf(url) {
  if (!url) return "(native / V8)";
  if (url.startsWith("wasm://")) return "wasm (in the app: Prisma's query compiler)";
  const path = url.replace(/^file:\/\//, "");
  const nm = path.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = path.slice(nm + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (path.startsWith("node:"))
    return `node core (${
      path
        .slice(5)
        .replace(/^internal\//, "")
        .split("/")[0]
    })`;
  if (path.includes("/build/index.js")) return "app (build/index.js)";
  return path.replace(/^.*\/(app|bench|server\.js)/, "$1");
}

/**
 * @param {string} file
 * @param {number} top
 */
export function summarise(file, top = 15) {
  /** @type {{ nodes: Array<{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }>, samples: number[], timeDeltas: number[], startTime: number, endTime: number }} */
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const areas = new Map();
  const functions = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, micros] of self) {
    const { callFrame } = /** @type {NonNullable<ReturnType<typeof byId.get>>} */ (byId.get(id));
    total += micros;
    if (callFrame.functionName === "(idle)") {
      idle += micros;
      continue;
    }
    const special = /^\((garbage collector|program)\)$/.test(callFrame.functionName) ? callFrame.functionName : null;
    const area = special ?? areaOf(callFrame.url);
    areas.set(area, (areas.get(area) ?? 0) + micros);
    const key = `${callFrame.functionName || "(anonymous)"}  ${areaOf(callFrame.url)}:${callFrame.lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + micros);
  }
  const busy = total - idle;
  const pct = (/** @type {number} */ micros) => ((100 * micros) / Math.max(1, busy)).toFixed(1).padStart(5) + " %";
  const sorted = (/** @type {Map<string, number>} */ map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    busyMs: Math.round(busy / 1000),
    idleMs: Math.round(idle / 1000),
    areas: sorted(areas).map(([name, micros]) => ({ name, share: pct(micros).trim(), ms: Math.round(micros / 1000) })),
    functions: sorted(functions).map(([name, micros]) => ({
      name,
      share: pct(micros).trim(),
      ms: Math.round(micros / 1000),
    })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error("usage: node bench/profile-summary.js <file.cpuprofile> [top]");
    process.exit(2);
  }
  const summary = summarise(file, Number(top ?? 15));
  console.log(`busy ${summary.busyMs} ms, idle ${summary.idleMs} ms (self time, share of busy)`);
  console.log("\nby package / file:");
  for (const row of summary.areas)
    console.log(`  ${row.share.padStart(7)}  ${String(row.ms).padStart(6)} ms  ${row.name}`);
  console.log("\nhottest functions:");
  for (const row of summary.functions)
    console.log(`  ${row.share.padStart(7)}  ${String(row.ms).padStart(6)} ms  ${row.name}`);
}

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MINIMUM_NODE, RECOMMENDED_NODE, unsupportedNode } from "../../scripts/node-support.js";

// Pretends to be another Node before server.js runs: process.versions.node is what the check reads.
function startServerAs(version: string) {
  const fake = `Object.defineProperty(process,"versions",{value:{...process.versions,node:${JSON.stringify(version)}}})`;
  return spawnSync(process.execPath, ["--import", `data:text/javascript,${encodeURIComponent(fake)}`, "server.js"], {
    encoding: "utf8",
    env: { ...process.env, PORT: "0", DATABASE_URL: "file:/nonexistent/dir/never-opened.db" },
    timeout: 30_000,
  });
}

describe("supported Node versions", () => {
  it("refuses Node below 22.12 with one line naming both versions", () => {
    for (const old of ["20.20.2", "v20.19.0", "18.20.8", "22.11.0", "22.0.0", "16.0.0"]) {
      const reason = unsupportedNode(old);
      expect(reason, old).toBe(
        `Dauys needs Node.js 22.12 or newer (24 LTS recommended); this is Node.js ${old.replace(/^v/, "")}. See README, Quick start.`,
      );
      expect(reason).not.toContain("\n");
    }
  });

  it("accepts 22.12 and later, 24 LTS and newer majors", () => {
    for (const ok of ["22.12.0", "v22.12.0", "22.13.1", "23.0.0", "24.0.0", "24.22.3", "26.1.0", "100.0.0"]) {
      expect(unsupportedNode(ok), ok).toBeNull();
    }
    expect(unsupportedNode(process.versions.node)).toBeNull();
  });

  it("refuses a version it cannot read", () => {
    for (const odd of ["", "banana", "24", undefined]) {
      expect(unsupportedNode(odd as string)).toMatch(/^Dauys needs Node\.js 22\.12 or newer/);
    }
  });

  it("says the same range as package.json engines and the README", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
    expect(MINIMUM_NODE).toBe("22.12.0");
    expect(pkg.engines.node).toBe(">=22.12");
    expect(lock.packages[""].engines.node).toBe(pkg.engines.node);
    const readme = readFileSync("README.md", "utf8");
    expect(readme).toContain(`Node.js ${RECOMMENDED_NODE} LTS`);
    expect(readme).toContain("22.12");
    // CI fetches the recommended major when the machine's Node is too old.
    expect(readFileSync(".ci/run", "utf8")).toMatch(new RegExp(`^node_pin=${RECOMMENDED_NODE}\\.\\d+\\.\\d+$`, "m"));
  });

  it("server.js stops before loading the app on an old Node: one line, exit 1, no stack trace", () => {
    const result = startServerAs("20.20.2");
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toBe(
      "Dauys needs Node.js 22.12 or newer (24 LTS recommended); this is Node.js 20.20.2. See README, Quick start.",
    );
  });

  it("`node scripts/node-support.js` answers by exit status", () => {
    const ok = spawnSync(process.execPath, ["scripts/node-support.js"], { encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(ok.stderr).toBe("");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionCodes } from "~/data/regions.ts";
import { ledgerTypes } from "~/models/signature-states.ts";
import { confirmLink, pressConfirmText } from "../support/smtp-sink.ts";
import { demoPetition, fetchText, postForm, signer, startTestApp, visibleText, type TestApp } from "../support/app.ts";
import { runVerifier } from "../support/verify.ts";

let app: TestApp;
beforeAll(async () => {
  // No read cache: this file edits the database behind the app's back and must see it at once.
  app = await startTestApp({ env: { RATE_LIMITS: "off", READ_CACHE: "0ms", PAGE_CACHE: "0ms" } });
});
afterAll(async () => app?.close());

const api = () => `${app.url}/api/v1/petitions/${demoPetition}`;
type Detail = {
  confirmed: number;
  tiers: Record<string, number>;
  regions: Array<Record<string, number | string>>;
  removedByReason: { reason: string; removed: number }[];
  ledger: { seq: number; hash: string };
};
const detail = async () => (await (await fetch(api())).json()) as Detail;

function linkIn(text: string, kind: "confirm" | "withdraw") {
  const line = text.split("\n").find((candidate) => new RegExp(`/${kind}/[A-Za-z0-9_-]{32}$`).test(candidate.trim()));
  if (!line) throw new Error(`no ${kind} link in mail`);
  return line.trim();
}
const receiptIn = (text: string) =>
  /([A-Za-z0-9_-]{22})\./.exec(text.split("\n").find((line) => /квитанция|түбіртегіңіз/i.test(line)) ?? "")?.[1];

async function sign(email: string, region: string, lang = "kk", fields: Record<string, string> = {}) {
  await postForm(`${app.url}/${lang}/p/${demoPetition}`, signer({ email, region, ...fields }));
  const [mail] = await app.smtp.waitFor(() => app.smtp.mailsTo(email).length >= 1).then(() => app.smtp.mailsTo(email));
  return { confirm: confirmLink(mail), withdraw: linkIn(mail.text, "withdraw"), receipt: receiptIn(mail.text)! };
}

async function withdraw(link: string) {
  const response = await fetch(link, { method: "POST", body: new URLSearchParams(), redirect: "manual" });
  return visibleText(await response.text());
}

// A small pseudo-random generator with a fixed seed: the same "random" scenario every run.
function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe(`verifiable ledger (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("lets the independent verifier recompute every published figure after random signing, withdrawals and removals", async () => {
    const rand = random(20261122);
    const people = [];
    for (let index = 0; index < 40; index++) {
      const region = regionCodes[Math.floor(rand() * regionCodes.length)];
      people.push({ ...(await sign(`ledger${index}@example.kz`, region, rand() < 0.5 ? "kk" : "ru")), region });
    }
    const confirmed = [];
    for (const person of people) {
      if (rand() < 0.8) {
        expect(await pressConfirmText(person.confirm)).toMatch(/Қолыңыз саналды|Ваша подпись учтена/);
        confirmed.push(person);
      }
    }
    for (const person of confirmed.slice(0, 4))
      expect(await withdraw(person.withdraw)).toMatch(/қайтарылып алынды|Подпись отозвана/);
    const reasons = ["duplicate", "fraud", "bot"];
    for (const [index, person] of confirmed.slice(4, 10).entries())
      expect(
        await app.module.moderateByReceipt({ receipt: person.receipt, action: "remove", reason: reasons[index % 3] }),
      ).toBe(true);
    expect(await app.module.moderateByReceipt({ receipt: confirmed[4].receipt, action: "restore" })).toBe(true);

    const published = await detail();
    expect(published.tiers.withdrawn).toBe(4);
    expect(published.tiers.removed).toBe(5);
    expect(published.removedByReason.reduce((sum, row) => sum + row.removed, 0)).toBe(5);
    expect(published.tiers.pending).toBe(people.length - confirmed.length);
    expect(published.confirmed).toBe(confirmed.length - 4 - 5);

    // The public removal log lists every remove/restore with its ledger sequence number.
    const log = await fetchText(`${app.url}/ru/p/${demoPetition}/removals`);
    expect(log).toContain("Журнал удалений");
    expect((log.match(/удаление/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(log).toContain("восстановление");
    expect(await fetchText(`${app.url}/ru/p/${demoPetition}`)).toContain("Журнал удалений (со ссылками на реестр)");

    const verified = await runVerifier(app.url, demoPetition);
    expect(verified.output).toContain("OK: chain intact");
    expect(verified.code).toBe(0);
  });

  it("ledgers every tier: holds, releases, withdrawals and removals from pending and held, restores into each, all recomputed by the verifier", async () => {
    const rand = random(20261203);
    const before = await detail();
    const headBefore = before.ledger.seq;
    // Half sign without the form stamp: their confirmation is held for review (decision 033).
    type Person = Awaited<ReturnType<typeof sign>> & { state: string };
    const people: Person[] = [];
    for (let index = 0; index < 30; index++) {
      const region = regionCodes[Math.floor(rand() * regionCodes.length)];
      const held = rand() < 0.5;
      const signed = await sign(`tier${index}@example.kz`, region, "ru", held ? { started: "" } : {});
      let state = "pending";
      if (rand() < 0.7) {
        await pressConfirmText(signed.confirm);
        state = held ? "held" : "confirmed";
      }
      people.push({ ...signed, state });
    }
    const expected = () => {
      const figures: Record<string, number> = { pending: 0, confirmed: 0, held: 0, withdrawn: 0, removed: 0 };
      for (const person of people) figures[person.state]++;
      return figures;
    };
    // Moves of every kind, each tried where it is allowed and where it is not; a move that is not
    // allowed must change nothing.
    const removedFrom = new Map<string, string>();
    const moves = {
      async withdraw(person: Person) {
        const answer = await withdraw(person.withdraw);
        if (["pending", "confirmed", "held"].includes(person.state)) {
          expect(answer).toContain("Подпись отозвана");
          person.state = "withdrawn";
        } else expect(answer).not.toContain("Подпись отозвана");
      },
      async remove(person: Person) {
        const moved = await app.module.moderateByReceipt({ receipt: person.receipt, action: "remove", reason: "bot" });
        const allowed = ["pending", "confirmed", "held"].includes(person.state);
        expect(moved).toBe(allowed);
        if (allowed) {
          removedFrom.set(person.receipt, person.state);
          person.state = "removed";
        }
      },
      async restore(person: Person) {
        const moved = await app.module.moderateByReceipt({ receipt: person.receipt, action: "restore" });
        expect(moved).toBe(person.state === "removed");
        if (moved) person.state = removedFrom.get(person.receipt)!;
      },
      async release(person: Person) {
        const moved = await app.module.moderateByReceipt({ receipt: person.receipt, action: "release" });
        expect(moved).toBe(person.state === "held");
        if (moved) person.state = "confirmed";
      },
    };
    const inState = (state: string) => people.find((person) => person.state === state)!;
    // Each transition at least once: remove and restore from every tier, withdraw from every tier.
    for (const state of ["confirmed", "pending", "held"]) {
      const person = inState(state);
      await moves.remove(person);
      await moves.restore(person);
      expect(person.state).toBe(state);
    }
    await moves.release(inState("held"));
    for (const state of ["pending", "held", "confirmed"]) await moves.withdraw(inState(state));
    const names = Object.keys(moves) as (keyof typeof moves)[];
    for (let step = 0; step < 60; step++)
      await moves[names[Math.floor(rand() * names.length)]](people[Math.floor(rand() * people.length)]);
    const states = new Set(people.map((person) => person.state));
    expect([...states].sort()).toEqual(["confirmed", "held", "pending", "removed", "withdrawn"]);

    const published = await detail();
    const want = expected();
    for (const tier of Object.keys(want)) expect(published.tiers[tier] - before.tiers[tier]).toBe(want[tier]);

    // Every move is one ledger entry: the ledger names every tier the API publishes.
    const lines = (await (await fetch(`${api()}/ledger?after=${headBefore}`)).text()).trim().split("\n");
    const types = new Set(lines.map((line) => (JSON.parse(line) as { type: string }).type));
    expect(lines.length).toBe((await detail()).ledger.seq - headBefore);
    expect([...types].sort()).toEqual(
      [
        "sign",
        "confirm",
        "hold",
        "release",
        "withdraw",
        "withdraw-pending",
        "withdraw-held",
        "remove",
        "remove-pending",
        "remove-held",
        "restore",
        "restore-pending",
        "restore-held",
      ].sort(),
    );

    // The removal log shows removals from every tier.
    const log = await fetchText(`${app.url}/ru/p/${demoPetition}/removals`);
    expect(log).toMatch(/удаление неподтверждённой|удаление после проверки/);

    // Receipt page and state agree for every person.
    const words: Record<string, string> = {
      confirmed: "подтверждена и сейчас учитывается",
      pending: "ещё не подтверждена",
      held: "ждёт проверки модератора",
      withdrawn: "отозвал",
      removed: "Модератор удалил",
    };
    for (const person of people.slice(0, 12))
      expect(await fetchText(`${app.url}/ru/receipt?petition=${demoPetition}&id=${person.receipt}`)).toContain(
        words[person.state],
      );

    const verified = await runVerifier(app.url, demoPetition);
    expect(verified.output).toContain("OK: chain intact");
    expect(verified.code).toBe(0);
  });

  it("makes the verifier fail when a published figure or the chain is tampered with", async () => {
    await app.db.query(`UPDATE "RegionCount" SET "confirmed" = "confirmed" + 7 WHERE "region" = 'KZ-71'`);
    const drifted = await runVerifier(app.url, demoPetition);
    expect(drifted.code).toBe(1);
    expect(drifted.output).toMatch(/KZ-71 confirmed: published \d+, ledger \d+/);

    // The recount job finds the drift, logs it and repairs the counter from the ledger.
    const result = (await app.module.runJob("recount", { force: true })) as { drifted: number; broken: number };
    expect(result.drifted).toBeGreaterThanOrEqual(1);
    expect(result.broken).toBe(0);
    expect((await runVerifier(app.url, demoPetition)).code).toBe(0);

    const [entry] = await app.db.query<{ seq: number }>(`SELECT "seq" FROM "LedgerEntry" ORDER BY "seq" LIMIT 1`);
    await app.db.query(`UPDATE "LedgerEntry" SET "region" = 'KZ-10' WHERE "seq" = $1`, [entry.seq]);
    const broken = await runVerifier(app.url, demoPetition);
    expect(broken.code).toBe(1);
    expect(broken.output).toMatch(/hash mismatch/);
    const recount = (await app.module.runJob("recount", { force: true })) as { broken: number };
    expect(recount.broken).toBe(1);
  });

  it("refuses, in the database itself, a signature state or ledger entry type the transition table does not know", async () => {
    await sign("constraints@example.kz", "KZ-75");
    const [row] = await app.db.query<{ id: string }>(`SELECT "id" FROM "Signature" LIMIT 1`);
    await expect(
      app.db.query(`UPDATE "Signature" SET "status" = 'counted' WHERE "id" = $1`, [row.id]),
    ).rejects.toThrow();
    await expect(
      app.db.query(`UPDATE "Signature" SET "status" = 'removed', "removedFrom" = 'withdrawn' WHERE "id" = $1`, [
        row.id,
      ]),
    ).rejects.toThrow();
    const insert = (type: string) =>
      app.db.query(
        `INSERT INTO "LedgerEntry" ("publicationId", "seq", "type", "region", "amount", "minute", "receipt", "reason", "prevHash", "hash")
         SELECT "publicationId", 999999, $1, "region", 1, "minute", 'x', '', "hash", "hash" FROM "LedgerEntry" LIMIT 1`,
        [type],
      );
    await expect(insert("bonus")).rejects.toThrow();
    // Every type of app/models/signature-states.ts is accepted (then taken out again).
    for (const type of ledgerTypes) {
      await insert(type);
      await app.db.query(`DELETE FROM "LedgerEntry" WHERE "seq" = 999999`);
    }
  });

  it("keeps names, emails and IPs out of the ledger and the API", async () => {
    const text = await (await fetch(`${api()}/ledger`)).text();
    expect(text).not.toMatch(/@|Айгүл|127\.0\.0\.1/);
    const head = (await (await fetch(`${api()}/ledger/head`)).json()) as { seq: number; hash: string; time: string };
    expect(head.seq).toBe(text.trim().split("\n").length);
    expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
    const resumed = await (await fetch(`${api()}/ledger?after=${head.seq - 2}`)).text();
    expect(
      resumed
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).seq),
    ).toEqual([head.seq - 1, head.seq]);
    expect((await fetch(`${api()}/ledger?after=abc`)).status).toBe(400);
    expect((await fetch(`${app.url}/api/v1/petitions/nope/ledger`)).status).toBe(404);
  });
});

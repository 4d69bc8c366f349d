// The two forms behind issue #3's moderation and paper pages, without a server: what they accept,
// what they refuse (with which message key), and the conditions' Prisma filter.
import { describe, expect, it } from "vitest";
import { kzDate, parsePaperForm } from "~/models/paper.server.ts";
import { isNarrowed, parseCondition } from "~/services/moderation.server.ts";

describe("moderation conditions", () => {
  it("reads a full condition, lower-cases the domain and reads times as Kazakhstan time", () => {
    const parsed = parseCondition({
      domain: " @Mail.KZ ",
      region: "KZ-75",
      from: "2026-11-20T10:00",
      to: "2026-11-21T00:00",
      status: "held",
      flag: "tampered",
      ip: "Ab_-9x",
    });
    expect(parsed).toEqual({
      ok: true,
      condition: {
        domain: "mail.kz",
        region: "KZ-75",
        from: new Date("2026-11-20T05:00:00Z"),
        to: new Date("2026-11-20T19:00:00Z"),
        status: "held",
        flag: "tampered",
        ip: "Ab_-9x",
      },
    });
    expect(isNarrowed(parsed.ok ? parsed.condition : ({} as never))).toBe(true);
  });

  it("treats an empty form as 'everything', which may be previewed but not acted on", () => {
    const parsed = parseCondition({});
    expect(parsed.ok && parsed.condition).toEqual({
      domain: "",
      region: "",
      from: null,
      to: null,
      status: "",
      flag: "any",
      ip: "",
    });
    expect(parsed.ok && isNarrowed(parsed.condition)).toBe(false);
  });

  it("refuses bad values field by field, with message keys", () => {
    const parsed = parseCondition({
      domain: "<b>x</b>",
      region: "KZ-00",
      from: "yesterday",
      status: "withdrawn",
      flag: "evil",
      ip: "abc",
    });
    expect(parsed).toEqual({
      ok: false,
      errors: {
        domain: "badDomain",
        region: "badRegion",
        from: "badTime",
        status: "badStatus",
        flag: "badFlag",
        ip: "badIp",
      },
    });
    expect(parseCondition({ from: "2026-11-21T00:00", to: "2026-11-20T00:00" })).toEqual({
      ok: false,
      errors: { to: "badWindow" },
    });
  });
});

describe("paper batch form", () => {
  const today = kzDate(new Date());
  const base = {
    region: "KZ-71",
    count: "1 200",
    collectedFrom: "2026-01-05",
    collectedTo: today,
    note: "  Хаттама №3\r\n ",
    corrects: "",
  };

  it("accepts a batch (spaces in the count allowed) and a correction with a negative count", () => {
    expect(parsePaperForm(base)).toEqual({
      ok: true,
      data: {
        region: "KZ-71",
        count: 1200,
        collectedFrom: "2026-01-05",
        collectedTo: today,
        note: "Хаттама №3",
        corrects: "",
      },
    });
    const correction = parsePaperForm({ ...base, count: "−15", corrects: "A".repeat(22) });
    expect(correction.ok && correction.data.count).toBe(-15);
  });

  it("refuses counts out of range, negative counts without a batch to correct, bad dates and controls in notes", () => {
    const error = (fields: Record<string, string>) => {
      const parsed = parsePaperForm({ ...base, ...fields });
      return parsed.ok ? null : parsed.errors;
    };
    expect(error({ count: "0" })).toEqual({ count: "count" });
    expect(error({ count: "100001" })).toEqual({ count: "count" });
    expect(error({ count: "1e3" })).toEqual({ count: "count" });
    expect(error({ count: "-3" })).toEqual({ count: "negativeNeedsCorrects" });
    expect(error({ count: "0", corrects: "A".repeat(22) })).toEqual({ count: "correctionCount" });
    expect(error({ corrects: "short" })).toEqual({ corrects: "corrects" });
    expect(error({ collectedFrom: "2026-02-29" })).toEqual({ collectedFrom: "date" });
    expect(error({ collectedFrom: today, collectedTo: "2026-01-01" })).toEqual({ collectedTo: "dateOrder" });
    expect(error({ collectedTo: "2999-01-01" })).toEqual({ collectedTo: "future" });
    expect(error({ region: "Almaty" })).toEqual({ region: "region" });
    expect(error({ note: "x".repeat(2001) })).toEqual({ note: "note" });
    expect(error({ note: "a\u001bb" })).toEqual({ note: "controlCharacters" });
  });
});

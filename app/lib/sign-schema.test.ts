import { describe, expect, it } from "vitest";
import { parseSignForm } from "./sign-schema.ts";

const valid = { name: "Айгүл Серікқызы", email: "aigul@example.kz", region: "KZ-75", consent: "on" };

describe("signing form schema", () => {
  it("accepts a complete form and reads checkboxes as booleans", () => {
    const result = parseSignForm({ ...valid, public: "on" });
    expect(result).toEqual({ ok: true, data: { ...valid, consent: true, public: true, updates: false } });
  });

  it("accepts names in Kazakh, Russian and Latin letters with apostrophes and hyphens", () => {
    for (const name of ["Ғалым Әбдірахманұлы", "Анна-Мария Оʼконнор", "Jean-Luc D'Arcy", "Ыбырай Алтынсарин"])
      expect(parseSignForm({ ...valid, name }).ok).toBe(true);
  });

  it("gives one translated error key per bad field", () => {
    const result = parseSignForm({ name: "<b>x</b>", email: "x@", region: "KZ-00" });
    expect(result).toEqual({
      ok: false,
      errors: { name: "nameInvalid", email: "emailInvalid", region: "regionRequired", consent: "consentRequired" },
    });
    expect(parseSignForm({}).ok).toBe(false);
    expect(parseSignForm({ ...valid, name: "А".repeat(121) })).toMatchObject({ errors: { name: "nameTooLong" } });
    // One letter is a name too short, not a missing one: the message says which.
    expect(parseSignForm({ ...valid, name: " А " })).toMatchObject({ errors: { name: "nameTooShort" } });
    expect(parseSignForm({ ...valid, name: "   " })).toMatchObject({ errors: { name: "nameRequired" } });
    expect(parseSignForm({ ...valid, email: "a@b.kz\r\nBcc: c@d.kz" })).toMatchObject({
      errors: { email: "emailInvalid" },
    });
  });

  it("collapses whitespace in names", () => {
    expect(parseSignForm({ ...valid, name: "  Айгүл \t  Серікқызы " })).toMatchObject({
      data: { name: "Айгүл Серікқызы" },
    });
  });
});

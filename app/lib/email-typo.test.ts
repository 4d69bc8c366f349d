import { describe, expect, it } from "vitest";
import { editDistance, suggestEmail } from "./email-typo.ts";

describe("email typo suggestions", () => {
  it.each([
    ["aigul@gmial.com", "aigul@gmail.com"],
    ["aigul@mail.ri", "aigul@mail.ru"],
    ["aigul@maill.ru", "aigul@mail.ru"],
    ["aigul@gmail.co", "aigul@gmail.com"],
    ["aigul@gmai.com", "aigul@gmail.com"],
    ["aigul@inbox.rl", "aigul@inbox.ru"],
    ["aigul@lits.ru", "aigul@list.ru"],
    ["aigul@bk.ry", "aigul@bk.ru"],
    ["aigul@yandex.kk", "aigul@yandex.kz"],
    ["aigul@yandeks.ru", "aigul@yandex.ru"],
    ["aigul@ya.ri", "aigul@ya.ru"],
    ["aigul@iclod.com", "aigul@icloud.com"],
    ["aigul@outlok.com", "aigul@outlook.com"],
    ["Aigul.S@GMIAL.COM", "Aigul.S@gmail.com"],
  ])("suggests the common domain for %s", (typed, expected) => {
    expect(suggestEmail(typed)).toBe(expected);
  });

  it.each([
    "aigul@mail.ru",
    "aigul@gmail.com",
    "aigul@yandex.kz",
    "aigul@mail.kz",
    "aigul@nu.edu.kz",
    "aigul@kaznu.kz",
    "aigul@example.kz",
    "aigul@gov.kz",
    "aigul@bk.kz",
    "aigul@mail.com",
    "aigul@googlemail.com",
    "aigul@example.ru",
    "not-an-address",
  ])("leaves %s alone", (typed) => {
    expect(suggestEmail(typed)).toBeNull();
  });

  it("counts a swap of neighbours as one slip", () => {
    expect(editDistance("gmial.com", "gmail.com")).toBe(1);
    expect(editDistance("abc", "abc")).toBe(0);
    expect(editDistance("", "ab")).toBe(2);
  });
});

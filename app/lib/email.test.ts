import { describe, expect, it } from "vitest";
import { canonicalEmail } from "./email.ts";

describe("canonical email", () => {
  it.each([
    ["Asel.Nur@Gmail.com", "aselnur@gmail.com"],
    ["asel.nur+petition@googlemail.com", "aselnur@gmail.com"],
    ["  ASELNUR@GMAIL.COM ", "aselnur@gmail.com"],
    ["asel.k@yandex.kz", "asel-k@yandex.ru"],
    ["asel-k+x@ya.ru", "asel-k@yandex.ru"],
    ["asel.k@yandex.com", "asel-k@yandex.ru"],
    ["john+tag@outlook.com", "john@outlook.com"],
  ])("folds %s to %s", (input, expected) => {
    expect(canonicalEmail(input)).toBe(expected);
  });

  it("keeps dots and plus signs where the provider treats them as different mailboxes", () => {
    expect(canonicalEmail("a.b+c@mail.kz")).toBe("a.b+c@mail.kz");
    expect(canonicalEmail("a.b@example.org")).not.toBe(canonicalEmail("ab@example.org"));
  });
});

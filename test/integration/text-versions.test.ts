// The text people signed (issue 11): minor edits are measured against the text as the version was
// published, at most three per version, and each is kept before and after — so no text anyone
// signed is lost, and five small steps cannot turn "we support" into "we oppose" under the same
// version number. Two organizers saving at once: the save from the older form is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirmText } from "../support/smtp-sink.ts";
import { postForm, signer, startTestApp, visibleText, type TestApp } from "../support/app.ts";
import { signIn, workspaceClient } from "../support/workspace.ts";

let app: TestApp;
let aliya: ReturnType<typeof workspaceClient>;
let bolat: ReturnType<typeof workspaceClient>;
let organizationId = "";

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
  for (const email of ["aliya.organizer@example.kz", "bolat.organizer@example.kz"])
    await app.module.addMember({ email, organizationSlug: "ashyq-khattama", role: "organizer" });
  aliya = workspaceClient(app, await signIn(app, "aliya.organizer@example.kz"));
  bolat = workspaceClient(app, await signIn(app, "bolat.organizer@example.kz"));
  organizationId = (
    await app.db.query<{ id: string }>(`SELECT "id" FROM "Organization" WHERE "slug" = 'ashyq-khattama'`)
  )[0].id;
});
afterAll(async () => app?.close());

type Texts = Record<"titleKk" | "titleRu" | "summaryKk" | "summaryRu" | "bodyKk" | "bodyRu", string>;

// The park plan as published: "we SUPPORT" in both languages, in the title, summary and (twice) body.
const supportText: Texts = {
  titleKk: "Біз саябақ жоспарын ҚОЛДАЙМЫЗ",
  titleRu: "Мы ПОДДЕРЖИВАЕМ план парка",
  summaryKk: "Аудан тұрғындары Жағалаудағы саябақ жоспарын қолдайды.",
  summaryRu: "Жители района поддерживают план парка на Набережной.",
  bodyKk:
    "## Біздің ұстаным\n\nБіз, аудан тұрғындары, Жағалаудағы саябақ жоспарын **ҚОЛДАЙМЫЗ**. Саябақ балаларға да, қарттарға да керек: көгал, орындықтар, жарық.\n\nСондықтан әкімдіктен жоспарды бекітуді сұраймыз және оны **ҚОЛДАЙМЫЗ**.",
  bodyRu:
    "## Наша позиция\n\nМы, жители района, **ПОДДЕРЖИВАЕМ** план парка на Набережной. Парк нужен и детям, и пожилым: газоны, скамеки, освещение.\n\nПоэтому просим акимат утвердить план, и мы его **ПОДДЕРЖИВАЕМ**.",
};
// A real typo fix: the one kind of change a minor edit may make.
const typoFixed: Texts = { ...supportText, bodyRu: supportText.bodyRu.replace("скамеки", "скамейки") };

// Five "minor edits", each a few words, each small compared with the text just before it (the
// old rule let all five through, and version 1 ended up saying "we OPPOSE"). Each replaces words,
// so none is a minor edit now, however small.
const attack: ((text: Texts) => Partial<Texts>)[] = [
  () => ({ titleKk: "Біз саябақ жоспарына ҚАРСЫМЫЗ", titleRu: "Мы ПРОТИВ плана парка" }),
  (text) => ({
    bodyKk: text.bodyKk.replace("жоспарын **ҚОЛДАЙМЫЗ**", "жоспарына **ҚАРСЫМЫЗ**"),
    bodyRu: text.bodyRu.replace("**ПОДДЕРЖИВАЕМ** план", "**ПРОТИВ** плана"),
  }),
  (text) => ({
    bodyKk: text.bodyKk.replace("оны **ҚОЛДАЙМЫЗ**", "оған **ҚАРСЫМЫЗ**"),
    bodyRu: text.bodyRu.replace("мы его **ПОДДЕРЖИВАЕМ**", "мы **ПРОТИВ** него"),
  }),
  (text) => ({
    summaryKk: text.summaryKk.replace("жоспарын қолдайды", "жоспарына қарсы"),
    summaryRu: text.summaryRu.replace("поддерживают план", "против плана"),
  }),
  (text) => ({
    bodyKk: text.bodyKk.replace("бекітуді", "тоқтатуды"),
    bodyRu: text.bodyRu.replace("утвердить", "отменить"),
  }),
];
const opposeText = attack.reduce<Texts>((text, step) => ({ ...text, ...step(text) }), typoFixed);

const form = (slug: string, texts: Texts, extra: Record<string, string> = {}) => ({
  intent: "save",
  kind: "petition",
  organizationId,
  slug,
  addresseeKk: "Алматы қаласының әкімдігі",
  addresseeRu: "Акимат города Алматы",
  ...texts,
  ...extra,
});

const idOf = async (slug: string) =>
  (await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [slug]))[0].id;

/** A published petition with one confirmed signature (so text changes are versioned). */
async function publishedAndSigned(slug: string, texts: Texts, email: string) {
  const created = await aliya.post("/ru/workspace/publications/new", form(slug, texts));
  expect(created.status, await created.text()).toBe(303);
  const id = await idOf(slug);
  const opened = await aliya.post(`/ru/workspace/publications/${id}/status`, {
    transition: "open",
    back: `/ru/workspace/publications/${id}`,
  });
  expect(opened.status).toBe(303);
  await signAndConfirm(slug, email);
  return id;
}

async function signAndConfirm(slug: string, email: string, lang = "kk") {
  expect((await postForm(`${app.url}/${lang}/p/${slug}`, signer({ email, region: "KZ-75" }))).status).toBe(303);
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
  expect(await pressConfirmText(confirmLink(app.smtp.mailsTo(email)[0]))).toMatch(/Рақмет|Спасибо/);
}

/** The revision the edit form carries, as a browser would send it back. */
async function formRevision(client: typeof aliya, id: string) {
  const html = await (await client.get(`/ru/workspace/publications/${id}/edit`)).text();
  return /name="revision" value="(\d+)"/.exec(html)![1];
}

const currentTexts = async (id: string) =>
  (
    await app.db.query<Texts & { version: number }>(
      `SELECT "titleKk", "titleRu", "summaryKk", "summaryRu", "bodyKk", "bodyRu", "version" FROM "Publication" WHERE "id" = $1`,
      [id],
    )
  )[0];

const api = async <T>(path: string) => (await (await fetch(`${app.url}/api/v1/petitions/${path}`)).json()) as T;
const receiptOf = async (email: string) =>
  (await app.db.query<{ receipt: string }>(`SELECT "receipt" FROM "Signature" WHERE "email" = $1`, [email]))[0].receipt;

type VersionJson = {
  number: number;
  confirmed: number;
  text: { title: Record<string, string>; summary: Record<string, string>; body: Record<string, string> };
  minorEdits: number;
  edits: { seq: number; changes: { field: string; before: string; after: string }[] }[];
  textAfterEdits: { title: Record<string, string>; body: Record<string, string> };
};

describe(`the text people signed (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  const slug = "park-plan-support";

  it("five small 'minor edits' from SUPPORT to OPPOSE, in both languages, are refused: the change is a new version, and version 1 keeps the text people signed", async () => {
    const id = await publishedAndSigned(slug, supportText, "first.signer@example.kz");
    // A typo fixed as a minor edit, and a signer after it.
    const fixed = await aliya.post(`/ru/workspace/publications/${id}/edit`, form(slug, typoFixed, { minorEdit: "on" }));
    expect(fixed.headers.get("location")).toContain("saved=minor");
    await signAndConfirm(slug, "after.first.edit@example.kz", "ru");
    // Each step of the attack, tried as a minor edit: refused, nothing saved.
    const statuses: number[] = [];
    let text = typoFixed;
    for (const step of attack) {
      const next = { ...text, ...step(text) };
      const saved = await aliya.post(`/ru/workspace/publications/${id}/edit`, form(slug, next, { minorEdit: "on" }));
      statuses.push(saved.status);
      const page = visibleText(await saved.text());
      // A few words replaced: not a typo fix (the title step is small, so only this rule stops it);
      // later steps, measured with the earlier ones against the published text, are also too big.
      if (statuses.length === 1) expect(page).toContain("Мелкая правка может только исправлять опечатки");
      else expect(page).toMatch(/Мелкая правка может только исправлять опечатки|слишком велико для мелкой правки/);
      expect(await currentTexts(id)).toMatchObject({ ...typoFixed, version: 1 });
      text = next;
    }
    expect(statuses).toEqual([409, 409, 409, 409, 409]);
    const kkRefused = await aliya.post(
      `/kk/workspace/publications/${id}/edit`,
      form(slug, { ...typoFixed, ...attack[0](typoFixed) }, { minorEdit: "on" }),
    );
    expect(visibleText(await kkRefused.text())).toContain("Ұсақ түзету тек қате жазылған сөздерді түзете алады");
    // Said openly, with a note, it is version 2; people who signed version 1 keep version 1.
    const resaved = await aliya.post(
      `/ru/workspace/publications/${id}/edit`,
      form(slug, opposeText, { noteKk: "Ұстаным өзгерді.", noteRu: "Позиция изменилась." }),
    );
    expect(resaved.headers.get("location")).toContain("saved=version-2");
    await signAndConfirm(slug, "version.two@example.kz", "ru");
    expect(await currentTexts(id)).toMatchObject({ ...opposeText, version: 2 });
    const signed = await app.db.query<{ email: string; version: number }>(
      `SELECT "email", "version" FROM "Signature" WHERE "publicationId" = $1 ORDER BY "email"`,
      [id],
    );
    expect(signed.map((row) => [row.email, Number(row.version)])).toEqual([
      ["after.first.edit@example.kz", 1],
      ["first.signer@example.kz", 1],
      ["version.two@example.kz", 2],
    ]);

    // The API: version 2 now, and every minor edit listed; version 1's text as published.
    const detail = await api<{ version: number; minorEdits: number; edits: unknown[]; versionsUrl: string }>(slug);
    expect(detail).toMatchObject({
      version: 2,
      minorEdits: 0,
      edits: [{ version: 1, seq: 1, fields: ["bodyRu"] }],
    });
    const { versions } = await api<{ current: number; versions: VersionJson[] }>(`${slug}/versions`);
    expect(versions.map((version) => [version.number, version.confirmed, version.minorEdits])).toEqual([
      [1, 2, 1],
      [2, 1, 0],
    ]);
    expect(versions[0].text).toEqual({
      title: { kk: supportText.titleKk, ru: supportText.titleRu },
      summary: { kk: supportText.summaryKk, ru: supportText.summaryRu },
      body: { kk: supportText.bodyKk, ru: supportText.bodyRu },
    });
    expect(versions[0].edits[0].changes).toEqual([
      { field: "bodyRu", before: supportText.bodyRu, after: typoFixed.bodyRu },
    ]);
    // Under version 1 the text never stopped saying "we support".
    expect(versions[0].textAfterEdits.body.ru).toContain("мы его **ПОДДЕРЖИВАЕМ**");
    expect(versions[0].textAfterEdits.title).toEqual({ kk: supportText.titleKk, ru: supportText.titleRu });
    expect(versions[1].textAfterEdits.body).toEqual({ kk: opposeText.bodyKk, ru: opposeText.bodyRu });

    // The public versions page, in both languages: the published text and each edit as a word diff.
    const ru = await (await fetch(`${app.url}/ru/p/${slug}/versions`)).text();
    expect(ru).toContain('id="v1"');
    expect(ru).toContain('id="v1-edit-1"');
    expect(ru).not.toContain('id="v1-edit-2"');
    expect(ru).toMatch(/<del[^>]*>(?:(?!<\/del>).)*скамеки<\/del><ins[^>]*>(?:(?!<\/ins>).)*скамейки<\/ins>/);
    expect(ru).toMatch(
      /<del[^>]*>(?:(?!<\/del>).)*ПОДДЕРЖИВАЕМ план<\/del><ins[^>]*>(?:(?!<\/ins>).)*ПРОТИВ плана<\/ins>/,
    );
    expect(ru).toMatch(/<del[^>]*>(?:(?!<\/del>).)*ҚОЛДАЙМЫЗ<\/del><ins[^>]*>(?:(?!<\/ins>).)*ҚАРСЫМЫЗ<\/ins>/);
    const ruText = visibleText(ru);
    expect(ruText).toContain(supportText.titleRu);
    expect(ruText).toContain("Мелкая правка 1");
    expect(ruText).toContain("Что изменилось по сравнению с версией 1");
    expect(ruText).toContain("Под этой версией 2 подтверждённые подписи.");
    const kk = visibleText(await (await fetch(`${app.url}/kk/p/${slug}/versions`)).text());
    expect(kk).toContain(supportText.titleKk);
    expect(kk).toContain("1-ұсақ түзету");
  });

  it("a receipt names the version it was signed on, and the minor edits it had then, linking to that exact text", async () => {
    const expectations = [
      { email: "first.signer@example.kz", text: "Эта подпись поставлена под версией 1 текста.", anchor: "v1" },
      {
        email: "after.first.edit@example.kz",
        text: "Эта подпись поставлена под версией 1 текста, после 1 мелкой правки.",
        anchor: "v1-edit-1",
      },
      { email: "version.two@example.kz", text: "Эта подпись поставлена под версией 2 текста.", anchor: "v2" },
    ];
    for (const expected of expectations) {
      const receipt = await receiptOf(expected.email);
      const html = await (await fetch(`${app.url}/ru/receipt?petition=${slug}&id=${receipt}`)).text();
      expect(visibleText(html)).toContain(expected.text);
      expect(html).toContain(`href="/ru/p/${slug}/versions#${expected.anchor}"`);
    }
    const kk = await (
      await fetch(`${app.url}/kk/receipt?petition=${slug}&id=${await receiptOf("after.first.edit@example.kz")}`)
    ).text();
    expect(visibleText(kk)).toContain("Бұл қол мәтіннің 1-нұсқасына, 1 ұсақ түзетуден кейін қойылған.");
    // Not a receipt of this petition: nothing about versions.
    const unknown = await (await fetch(`${app.url}/ru/receipt?petition=${slug}&id=AAAAAAAAAAAAAAAAAAAAAA`)).text();
    expect(unknown).not.toContain("signed-version");
  });

  it("allows three minor edits per version; the fourth must be a new version", async () => {
    const capSlug = "bench-by-the-school";
    const texts: Texts = {
      titleKk: "Мектеп жанындағы орындықтар",
      titleRu: "Скамейки у шклы",
      summaryKk: "Мектеп жанына орындық қоюды сұраймз.",
      summaryRu: "Просим поставить скамейки у школы.",
      bodyKk: "Мектеп жанында орындық жоқ.",
      bodyRu: "У школы нет ни одной скамейки.",
    };
    const id = await publishedAndSigned(capSlug, texts, "bench.signer@example.kz");
    const typos: Partial<Texts>[] = [
      { titleRu: "Скамейки у школы" },
      { summaryKk: "Мектеп жанына орындық қоюды сұраймыз." },
      { bodyRu: "У школы нет ни одной скамейки!" },
    ];
    let text = texts;
    for (const [index, typo] of typos.entries()) {
      text = { ...text, ...typo };
      const saved = await aliya.post(`/ru/workspace/publications/${id}/edit`, form(capSlug, text, { minorEdit: "on" }));
      expect(saved.headers.get("location"), `minor edit ${index + 1}`).toContain("saved=minor");
    }
    const editPage = visibleText(await (await aliya.get(`/ru/workspace/publications/${id}/edit`)).text());
    expect(editPage).toContain("Все мелкие правки этой версии (3) уже сделаны");

    const fourth = { ...text, bodyKk: "Мектеп жанында бір де орындық жоқ." };
    const refused = await aliya.post(
      `/ru/workspace/publications/${id}/edit`,
      form(capSlug, fourth, { minorEdit: "on" }),
    );
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(visibleText(html)).toContain("У этой версии уже 3 мелкие правки — больше нельзя.");
    expect(html).not.toMatch(/name="minorEdit"[^>]*checked/);
    expect(await currentTexts(id)).toMatchObject({ bodyKk: texts.bodyKk, version: 1 });
    const kkRefused = await aliya.post(
      `/kk/workspace/publications/${id}/edit`,
      form(capSlug, fourth, { minorEdit: "on" }),
    );
    expect(visibleText(await kkRefused.text())).toContain("Бұл нұсқаға 3 ұсақ түзету енгізіліп қойған");

    const asVersion = await aliya.post(
      `/ru/workspace/publications/${id}/edit`,
      form(capSlug, fourth, { noteKk: "Мәтін нақтыланды.", noteRu: "Уточнён текст." }),
    );
    expect(asVersion.headers.get("location")).toContain("saved=version-2");

    // Every minor edit kept: which fields, and the whole field before and after.
    const edits = await app.db.query<{ seq: number; fields: string; before: string; after: string }>(
      `SELECT "seq", "fields", "before", "after" FROM "PublicationEdit" WHERE "publicationId" = $1 ORDER BY "seq"`,
      [id],
    );
    expect(
      edits.map((edit) => [Number(edit.seq), edit.fields, JSON.parse(edit.before), JSON.parse(edit.after)]),
    ).toEqual([
      [1, "titleRu", { titleRu: texts.titleRu }, { titleRu: "Скамейки у школы" }],
      [2, "summaryKk", { summaryKk: texts.summaryKk }, { summaryKk: "Мектеп жанына орындық қоюды сұраймыз." }],
      [3, "bodyRu", { bodyRu: texts.bodyRu }, { bodyRu: "У школы нет ни одной скамейки!" }],
    ]);
    // Version 1 keeps the text as published; the edits are applied on top of it for reading.
    const [v1] = await app.db.query<Texts & { minorEdits: number }>(
      `SELECT "titleRu", "bodyRu", "minorEdits" FROM "PublicationVersion" WHERE "publicationId" = $1 AND "number" = 1`,
      [id],
    );
    expect(v1).toMatchObject({ titleRu: texts.titleRu, bodyRu: texts.bodyRu });
    expect(Number(v1.minorEdits)).toBe(3);
  });

  it("measures every field, in both languages, against the published text: two far-apart fixes are one big change", async () => {
    const farSlug = "school-crossing";
    const filler = "Балалар күн сайын осы жолдан өтеді, ал көлік көп. ".repeat(3);
    const fillerRu = "Дети каждый день переходят эту дорогу, а машин много. ".repeat(3);
    const texts: Texts = {
      titleKk: "Мектеп алдындағы жаяу жүргінші өткелі",
      titleRu: "Пешеходный переход у школы",
      summaryKk: "Мектеп алдына өткел салуды сұраймыз.",
      summaryRu: "Просим сделать переход у школы.",
      bodyKk: `Біз өткел сұрамыз. ${filler}Өткел 2027 жылы керк.`,
      bodyRu: `Мы прсим переход. ${fillerRu}Переход нужен в 2027 гоу.`,
    };
    const id = await publishedAndSigned(farSlug, texts, "crossing.signer@example.kz");
    const edit = (next: Texts) =>
      aliya.post(`/ru/workspace/publications/${id}/edit`, form(farSlug, next, { minorEdit: "on" }));

    // A fix at the start of the Russian text, then one at its end: each small, together not.
    const startFixed = { ...texts, bodyRu: texts.bodyRu.replace("Мы прсим", "Мы просим") };
    expect((await edit(startFixed)).status).toBe(303);
    const endFixed = { ...startFixed, bodyRu: startFixed.bodyRu.replace("в 2027 гоу", "в 2027 году") };
    const refusedRu = await edit(endFixed);
    expect(refusedRu.status).toBe(409);
    expect(await refusedRu.text()).toMatch(/id="editor-bodyRu-error"[^>]*>[^<]*слишком велико для мелкой правки/);

    // The same in Kazakh: the Kazakh text is measured against its published form too.
    const kkStart = { ...startFixed, bodyKk: texts.bodyKk.replace("сұрамыз", "сұраймыз") };
    expect((await edit(kkStart)).status).toBe(303);
    const refusedKk = await edit({ ...kkStart, bodyKk: kkStart.bodyKk.replace("жылы керк", "жылы керек") });
    expect(refusedKk.status).toBe(409);
    expect(await refusedKk.text()).toMatch(/id="editor-bodyKk-error"[^>]*>[^<]*слишком велико для мелкой правки/);

    // Going back to the published wording is always small (one more minor edit).
    expect((await edit({ ...kkStart, bodyRu: texts.bodyRu })).status).toBe(303);
    expect(await currentTexts(id)).toMatchObject({ bodyRu: texts.bodyRu, version: 1 });
  });

  it("refuses a save from a stale form with 409, naming who saved, when and which fields; nothing is overwritten", async () => {
    const staleSlug = "shared-draft";
    const created = await aliya.post("/ru/workspace/publications/new", form(staleSlug, supportText));
    expect(created.status).toBe(303);
    const id = await idOf(staleSlug);
    const aliyaRevision = await formRevision(aliya, id);
    const bolatRevision = await formRevision(bolat, id);
    expect(aliyaRevision).toBe(bolatRevision);

    const bolatSaves = await bolat.post(
      `/ru/workspace/publications/${id}/edit`,
      form(
        staleSlug,
        { ...supportText, titleRu: "Мы поддерживаем план парка на Набережной" },
        { revision: bolatRevision },
      ),
    );
    expect(bolatSaves.status).toBe(303);

    const aliyaSaves = () =>
      aliya.post(
        `/ru/workspace/publications/${id}/edit`,
        form(staleSlug, { ...supportText, summaryKk: "Тұрғындар саябақты қолдайды." }, { revision: aliyaRevision }),
      );
    const refused = await aliyaSaves();
    expect(refused.status).toBe(409);
    const page = visibleText(await refused.text());
    expect(page).toContain("Пока вы редактировали, эту публикацию сохранили: bolat.organizer@example.kz,");
    expect(page).toContain("Изменено: Заголовок (на русском).");
    expect(page).toContain("Ваши изменения не сохранены");
    expect(await currentTexts(id)).toMatchObject({
      titleRu: "Мы поддерживаем план парка на Набережной",
      summaryKk: supportText.summaryKk,
    });
    // Sending the same stale form again is refused again.
    expect((await aliyaSaves()).status).toBe(409);
    const kkRefused = await aliya.post(
      `/kk/workspace/publications/${id}/edit`,
      form(staleSlug, supportText, { revision: aliyaRevision }),
    );
    expect(visibleText(await kkRefused.text())).toContain("Өзгергені: Тақырып (орысша).");

    // The fresh form carries the new revision and saves, keeping Bolat's title.
    const fresh = await formRevision(aliya, id);
    expect(Number(fresh)).toBe(Number(aliyaRevision) + 1);
    const saved = await aliya.post(
      `/ru/workspace/publications/${id}/edit`,
      form(
        staleSlug,
        {
          ...supportText,
          titleRu: "Мы поддерживаем план парка на Набережной",
          summaryKk: "Тұрғындар саябақты қолдайды.",
        },
        { revision: fresh },
      ),
    );
    expect(saved.status).toBe(303);
    expect(await currentTexts(id)).toMatchObject({
      titleRu: "Мы поддерживаем план парка на Набережной",
      summaryKk: "Тұрғындар саябақты қолдайды.",
    });
  });
});

import { describe, expect, it } from "vitest";
import { latinHtml, latinMail, latinPath, latinSpellings, latinText } from "./latin-html.ts";

describe("a Kazakh page in Latin script", () => {
  it("transliterates text and readable attributes, and leaves what machines read", () => {
    const html =
      '<html lang="kk"><head><title>Адал сайлау</title><meta name="description" content="Қоғам"/>' +
      '<style>.х{}</style></head><body><a href="/kk/p/x?q=1" title="Шешім">Үгіт</a>' +
      '<form action="/kk/search"><input name="q" value="хаттама" placeholder="Іздеу"/>' +
      '<textarea name="t">Әділ</textarea><textarea readonly="">Дауыс</textarea></form>' +
      '<img src="/og/x.png?lang=kk" alt="Ұйым"/><span data-one="# қол">1 қол</span></body></html>';
    expect(latinHtml(html)).toBe(
      '<html lang="kk-Latn"><head><title>Adal sailau</title><meta name="description" content="Qoğam"/>' +
        '<style>.х{}</style></head><body><a href="/kk-latn/p/x?q=1" title="Şeşım">Ügıt</a>' +
        '<form action="/kk-latn/search"><input name="q" value="хаттама" placeholder="Izdeu"/>' +
        '<textarea name="t">Әділ</textarea><textarea readonly="">Dauys</textarea></form>' +
        '<img src="/og/x.png?lang=kk" alt="Ūiym"/><span data-one="# qol">1 qol</span></body></html>',
    );
  });

  it("keeps elements in another language or marked as quoted, and links that name their language", () => {
    const html =
      '<p>Сайлау <q lang="ru">Выборы <b>честные</b></q> <span data-script="keep">Айгүл</span> қоғам</p>' +
      '<a href="/kk/p/x" hreflang="kk" lang="kk" data-script="keep">Қазақша</a><br><p>Әділ</p>';
    expect(latinHtml(html)).toBe(
      '<p>Sailau <q lang="ru">Выборы <b>честные</b></q> <span data-script="keep">Айгүл</span> qoğam</p>' +
        '<a href="/kk/p/x" hreflang="kk" lang="kk" data-script="keep">Қазақша</a><br><p>Ädıl</p>',
    );
  });

  it("drops the React runtime but keeps page.js and transliterates structured data", () => {
    const html =
      '<script>window.__remixContext={"t":"Сайлау"}</script><script type="module" src="/build/x.js"></script>' +
      '<script src="/page.js" defer=""></script>' +
      '<script type="application/ld+json">{"name":"Қоғам","url":"https://d.kz/kk/p/x"}</script>';
    expect(latinHtml(html, { dropScripts: true, publicUrl: "https://d.kz" })).toBe(
      '<script src="/page.js" defer=""></script>' +
        '<script type="application/ld+json">{"name":"Qoğam","url":"https://d.kz/kk-latn/p/x"}</script>',
    );
  });

  it("moves only our Kazakh addresses", () => {
    expect(latinPath("/kk")).toBe("/kk-latn");
    expect(latinPath("/kk/p/a#sign")).toBe("/kk-latn/p/a#sign");
    expect(latinPath("/ru/p/a")).toBe("/ru/p/a");
    expect(latinPath("/kkx")).toBe("/kkx");
    expect(latinPath("https://d.kz/kk/confirm/t", "https://d.kz")).toBe("https://d.kz/kk-latn/confirm/t");
    expect(latinPath("https://other.kz/kk/", "https://d.kz")).toBe("https://other.kz/kk/");
  });

  it("writes a mail in Latin with links to the Latin pages", () => {
    const mail = latinMail(
      {
        subject: "Қолыңызды растаңыз",
        text: "Растау:\nhttps://d.kz/kk/confirm/abc\n",
        html: '<html lang="kk"><p>Растау</p><a href="https://d.kz/kk/confirm/abc">https://d.kz/kk/confirm/abc</a></html>',
      },
      "https://d.kz",
    );
    expect(mail).toEqual({
      subject: "Qolyñyzdy rastañyz",
      text: "Rastau:\nhttps://d.kz/kk-latn/confirm/abc\n",
      html: '<html lang="kk-Latn"><p>Rastau</p><a href="https://d.kz/kk-latn/confirm/abc">https://d.kz/kk-latn/confirm/abc</a></html>',
    });
  });

  it("writes a title or summary spelled by hand as given, wherever it stands whole", () => {
    const spellings = latinSpellings([
      ["Адал сайлау үшін", "Adal saylau üşin"],
      ["«Бақ» пен 'Нұр' & т.б.", "«Baq» pen 'Nur' & t.b."],
      ["Бос емле", ""],
    ]);
    expect(latinText("Адал сайлау үшін — Dauys", spellings)).toBe("Adal saylau üşin — Dauys");
    // Only whole: inside a longer word, or another text, the automatic spelling stays.
    expect(latinText("Адал сайлау үшінші", spellings)).toBe("Adal sailau üşınşı");
    expect(latinText("Бос емле", spellings)).toBe("Bos emle");
    expect(
      latinHtml(
        '<title>Адал сайлау үшін</title><meta name="description" content="&quot;Адал сайлау үшін&quot; қол"/>' +
          "<p>&#x27;Нұр&#x27;?«Бақ» пен &#x27;Нұр&#x27; &amp; т.б.</p>" +
          '<script type="application/ld+json">{"name":"Адал сайлау үшін"}</script>',
        { spellings },
      ),
    ).toBe(
      '<title>Adal saylau üşin</title><meta name="description" content="&quot;Adal saylau üşin&quot; qol"/>' +
        "<p>&#x27;Nūr&#x27;?«Baq» pen &#x27;Nur&#x27; &amp; t.b.</p>" +
        '<script type="application/ld+json">{"name":"Adal saylau üşin"}</script>',
    );
    expect(
      latinMail({ subject: "Адал сайлау үшін: растаңыз", text: "", html: "" }, "https://d.kz", spellings).subject,
    ).toBe("Adal saylau üşin: rastañyz");
  });
});

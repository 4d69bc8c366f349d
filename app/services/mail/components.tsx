// The building blocks of every mail's HTML part, rendered with React's renderToStaticMarkup
// (decision 058): React escapes every text and attribute, so a title, a name or a note is never
// markup. Inline styles only: mail clients ignore <style> blocks and linked sheets.
import type { CSSProperties, ReactElement, ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { Locale } from "~/i18n.ts";
import { dropNonXmlCharacters } from "~/lib/html.ts";

const muted = { fontSize: "13px", color: "#444" } satisfies CSSProperties;
const style = {
  body: {
    margin: "0",
    padding: "24px",
    background: "#f5f7f9",
    fontFamily: "Arial,Helvetica,sans-serif",
    color: "#1a1a1a",
    lineHeight: "1.5",
  },
  card: { maxWidth: "560px", margin: "0 auto", background: "#ffffff", padding: "24px", borderRadius: "8px" },
  brand: { margin: "0 0 16px", fontSize: "20px", fontWeight: "bold", color: "#084a6c" },
  paragraph: { margin: "0 0 16px" },
  action: { margin: "24px 0" },
  button: {
    background: "#0b5f8a",
    color: "#ffffff",
    padding: "12px 20px",
    borderRadius: "6px",
    textDecoration: "none",
    fontWeight: "bold",
    display: "inline-block",
  },
  buttonUrl: { margin: "0 0 16px", ...muted, wordBreak: "break-all" },
  note: { margin: "0 0 8px", ...muted },
  linkNote: { margin: "16px 0 0", ...muted },
  link: { color: "#084a6c", wordBreak: "break-all" },
  heading: { margin: "0 0 8px", fontWeight: "bold" },
  quote: { margin: "0 0 12px", whiteSpace: "pre-wrap" },
  footer: { margin: "24px 0 0", fontSize: "12px", color: "#555" },
} satisfies Record<string, CSSProperties>;

/** The page every mail is: our name on top, the content, the footer saying why it came. */
export function MailPage(props: { locale: Locale; footer: string; children: ReactNode }) {
  return (
    <html lang={props.locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width" />
      </head>
      <body style={style.body}>
        <div style={style.card}>
          <p style={style.brand}>Дауыс</p>
          {props.children}
          <p style={style.footer}>{props.footer}</p>
        </div>
      </body>
    </html>
  );
}

export function Paragraphs(props: { lines: string[] }) {
  return props.lines.map((line, index) => (
    <p key={index} style={style.paragraph}>
      {line}
    </p>
  ));
}

/** The one thing to do, as a button, with its address written out below for clients that hide links. */
export function Button(props: { label: string; url: string }) {
  return (
    <>
      <p style={style.action}>
        <a href={props.url} style={style.button}>
          {props.label}
        </a>
      </p>
      <p style={style.buttonUrl}>{props.url}</p>
    </>
  );
}

/** Small print: how long a link works, what to do if it was not you. */
export function Notes(props: { lines: string[] }) {
  return props.lines.map((line, index) => (
    <p key={index} style={style.note}>
      {line}
    </p>
  ));
}

/** Further links, each under the sentence that says what it is for, the address as its text. */
export function LinkNotes(props: { items: Array<{ text: string; url: string }> }) {
  return props.items.map((item, index) => (
    <p key={index} style={style.linkNote}>
      {item.text}
      <br />
      <a href={item.url} style={style.link}>
        {item.url}
      </a>
    </p>
  ));
}

/** HTML that is already safe: an organizer's Markdown as rendered by app/lib/markdown.server.ts. */
export function TrustedHtml(props: { html: string }) {
  return <div style={style.paragraph} dangerouslySetInnerHTML={{ __html: props.html }} />;
}

/** A quoted text under its heading, its paragraphs and line breaks as written. */
export function Quote(props: { heading: string; text: string }) {
  return (
    <>
      <p style={style.heading}>{props.heading}</p>
      {props.text.split(/\n{2,}/).map((part, index) => (
        <p key={index} style={style.quote}>
          {part}
        </p>
      ))}
    </>
  );
}

/**
 * The HTML part. Characters XML cannot carry (control characters a stored text may still hold)
 * are dropped, as the text part does: React escapes markup but passes them through.
 */
export const mailHtml = (page: ReactElement) => `<!doctype html>${dropNonXmlCharacters(renderToStaticMarkup(page))}`;

/** The plain-text part: one line per entry, every link on a line of its own. */
export const mailText = (lines: string[]) => dropNonXmlCharacters(lines.join("\n").replace(/\r\n?/g, "\n"));

/** A subject is one line: a stray line break in a title becomes a space. */
export const mailSubject = (subject: string) => dropNonXmlCharacters(subject).replace(/\s*[\r\n]+\s*/g, " ");

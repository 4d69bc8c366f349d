import { escapeXml } from "~/lib/html.ts";

type Entry = {
  id: string;
  title: string;
  summary: string;
  url: string;
  updated: Date;
  author: string;
  /** Sanitised HTML of the whole entry, escaped into the XML (type="html"). */
  contentHtml?: string;
};

/** An Atom 1.0 feed (RFC 4287). */
export function atomFeed(feed: {
  id: string;
  title: string;
  url: string;
  self: string;
  lang: string;
  entries: Entry[];
}) {
  const updated = feed.entries.reduce((max, entry) => (entry.updated > max ? entry.updated : max), new Date(0));
  const entries = feed.entries
    .map(
      (entry) => `  <entry>
    <id>${escapeXml(entry.id)}</id>
    <title>${escapeXml(entry.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(entry.url)}"/>
    <updated>${entry.updated.toISOString()}</updated>
    <author><name>${escapeXml(entry.author)}</name></author>
    <summary>${escapeXml(entry.summary)}</summary>${
      entry.contentHtml === undefined
        ? ""
        : `
    <content type="html">${escapeXml(entry.contentHtml)}</content>`
    }
  </entry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${feed.lang}">
  <id>${escapeXml(feed.id)}</id>
  <title>${escapeXml(feed.title)}</title>
  <link rel="alternate" type="text/html" href="${escapeXml(feed.url)}"/>
  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.self)}"/>
  <updated>${updated.toISOString()}</updated>
${entries}
</feed>
`;
}

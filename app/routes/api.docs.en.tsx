import { json, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { renderMarkdown } from "~/lib/markdown.server.ts";
import { projectRoot } from "~/lib/paths.server.ts";

// /api/docs/en: the API guide in English, for international media. The site's chrome around it
// stays Kazakh (the default language); the article itself is marked as English.
export async function loader() {
  const source = await readFile(join(projectRoot, "app", "content", "api-docs.en.md"), "utf8");
  const pageTitle = /^#\s+(.+?)\s*#*\s*$/m.exec(source)?.[1] ?? "API";
  return json({ html: renderMarkdown(source), pageTitle });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
];

export default function ApiDocsEnglish() {
  const { html } = useLoaderData<typeof loader>();
  return (
    <article
      lang="en"
      className="card prose-dauys mx-auto max-w-3xl [&_pre]:my-3 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-3 [&_pre]:text-sm [&_pre_code]:bg-transparent [&_pre_code]:p-0"
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

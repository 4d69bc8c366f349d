import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { renderMarkdown } from "~/lib/markdown.server.ts";
import { projectRoot } from "~/lib/paths.server.ts";

// /kk/api and /ru/api: the guide to the public API and open data, for journalists and developers.
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const source = await readFile(join(projectRoot, "app", "content", `api-docs.${locale}.md`), "utf8");
  const pageTitle = /^#\s+(.+?)\s*#*\s*$/m.exec(source)?.[1] ?? "API";
  const html = renderMarkdown(source, serverT(locale)("reportData.tableLabel"), serverT(locale, "phone")("codeLabel"));
  return json({ html, pageTitle });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
];

export default function ApiDocs() {
  const { html } = useLoaderData<typeof loader>();
  return (
    <article
      className="card prose-dauys mx-auto max-w-3xl [&_pre]:my-3 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-3 [&_pre]:text-sm [&_pre_code]:bg-transparent [&_pre_code]:p-0 max-sm:[&_pre]:-mx-4 max-sm:[&_pre]:rounded-none"
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { renderMarkdown } from "~/lib/markdown.server.ts";
import { projectRoot } from "~/lib/paths.server.ts";

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const source = await readFile(join(projectRoot, "app", "content", `privacy.${locale}.md`), "utf8");
  return json({ html: renderMarkdown(source), pageTitle: serverT(locale)("privacy.title") });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
];

export default function Privacy() {
  const { html, pageTitle } = useLoaderData<typeof loader>();
  return (
    <article className="card mx-auto max-w-3xl">
      <h1 className="text-2xl font-bold">{pageTitle}</h1>
      <div className="prose-dauys" dangerouslySetInnerHTML={{ __html: html }} />
    </article>
  );
}

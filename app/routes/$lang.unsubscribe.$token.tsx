import {
  json,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { serverT } from "~/i18n.server.ts";
import { requireLocale, type Locale } from "~/i18n.ts";
import { wordingOf } from "~/lib/publication-mode.ts";
import { findByUnsubscribeToken, unsubscribe } from "~/services/updates.server.ts";

const titleIn = (locale: Locale, petition?: { titleKk: string; titleRu: string }) =>
  petition ? (locale === "kk" ? petition.titleKk : petition.titleRu) : "";
const noStore = { "Cache-Control": "no-store", "Referrer-Policy": "same-origin" };

// GET only asks (mail scanners open links); the button POSTs. A wrong link is a 404 that says so.
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const found = await findByUnsubscribeToken(params.token ?? "");
  const state = !found ? "invalid" : found.wantsUpdates ? "ask" : "already";
  return json(
    {
      locale,
      state,
      // A statement's supporter keeps an endorsement, not a signature.
      wording: found ? wordingOf(found.publication) : undefined,
      slug: found?.publication.slug ?? null,
      title: titleIn(locale, found?.publication),
      pageTitle: serverT(locale)("unsubscribe.title"),
    },
    { status: found ? 200 : 404, headers: noStore },
  );
}

export async function action({ params }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const done = await unsubscribe(params.token ?? "");
  return json(
    {
      done: Boolean(done),
      slug: done?.publication.slug ?? null,
      title: titleIn(locale, done?.publication),
      wording: done ? wordingOf(done.publication) : undefined,
    },
    { status: done ? 200 : 404, headers: noStore },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function Unsubscribe() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const state = result ? (result.done ? "done" : "invalid") : data.state;
  const title = result?.title || data.title;
  const slug = result?.slug ?? data.slug;
  const context = result ? result.wording : data.wording;
  return (
    <div className="card mx-auto max-w-xl space-y-3" data-state={state}>
      <h1 className="text-2xl font-bold">{t(`unsubscribe.${state}Title`)}</h1>
      {state === "ask" ? (
        <Form method="post" className="space-y-3">
          <p>{t("unsubscribe.question", { title, context })}</p>
          <button type="submit" className="btn-primary">
            {t("unsubscribe.submit")}
          </button>
        </Form>
      ) : null}
      {state === "done" || state === "already" ? <p>{t("unsubscribe.doneBody", { title, context })}</p> : null}
      {state === "invalid" ? <p>{t("unsubscribe.invalidBody")}</p> : null}
      {slug ? (
        <p>
          <Link className="underline" to={`/${data.locale}/p/${slug}`}>
            {t("unsubscribe.seePetition", { context })}
          </Link>
        </p>
      ) : null}
    </div>
  );
}

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
import { peekWithdrawal, withdrawSignature } from "~/services/withdrawing.server.ts";

const titleIn = (locale: Locale, petition?: { titleKk: string; titleRu: string }) =>
  petition ? (locale === "kk" ? petition.titleKk : petition.titleRu) : "";

// GET only asks; POST withdraws. Mail scanners open links, and must not withdraw anyone.
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const peeked = await peekWithdrawal(params.token ?? "");
  const found = peeked.link === "usable" ? peeked : null;
  const state = !found ? "invalid" : found.status === "withdrawn" || found.status === "removed" ? "already" : "ask";
  // A statement's supporter withdraws an endorsement, not a signature.
  const wording =
    peeked.link === "usable" ? wordingOf(peeked.petition) : peeked.link === "gone" ? wordingOf(peeked) : undefined;
  return json(
    {
      locale,
      state,
      wording,
      slug: found?.petition.slug ?? null,
      title: titleIn(locale, found?.petition),
      pageTitle: serverT(locale)("withdraw.title", { context: wording }),
    },
    {
      status: linkStatus(peeked.link),
      headers: { "Cache-Control": "no-store", "Referrer-Policy": "same-origin" },
    },
  );
}

// An unknown link is not found, a used or expired one is gone; both get the same helpful page.
const linkStatus = (link: "unknown" | "gone" | "usable") => (link === "unknown" ? 404 : link === "gone" ? 410 : 200);

export async function action({ params }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const result = await withdrawSignature(params.token ?? "");
  return json(
    {
      outcome: result.outcome,
      slug: result.petition?.slug ?? null,
      title: titleIn(locale, result.petition),
      wording: result.petition ? wordingOf(result.petition) : undefined,
    },
    { status: result.outcome === "invalid" ? linkStatus((await peekWithdrawal(params.token ?? "")).link) : 200 },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function Withdraw() {
  const data = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const { t } = useTranslation();
  const state = done
    ? done.outcome === "withdrawn"
      ? "done"
      : done.outcome === "already-withdrawn"
        ? "already"
        : "invalid"
    : data.state;
  const title = done?.title || data.title;
  const slug = done?.slug ?? data.slug;
  const context = done ? done.wording : data.wording;
  const heading = {
    ask: "withdraw.title",
    done: "withdraw.doneTitle",
    already: "withdraw.alreadyTitle",
    invalid: "withdraw.invalidTitle",
  }[state]!;
  return (
    <div className="card mx-auto max-w-xl space-y-3" data-state={state}>
      <h1 className="text-2xl font-bold">{t(heading, { context })}</h1>
      {state === "ask" ? (
        <Form method="post" className="space-y-3">
          <p>{t("withdraw.question", { title, context })}</p>
          <button type="submit" className="btn-primary bg-red-800 hover:bg-red-900">
            {t("withdraw.submit", { context })}
          </button>
        </Form>
      ) : null}
      {state === "done" ? <p>{t("withdraw.doneBody", { title, context })}</p> : null}
      {state === "invalid" ? <p>{t("withdraw.invalidBody")}</p> : null}
      {slug ? (
        <p>
          <Link className="underline" to={`/${data.locale}/p/${slug}`}>
            {t("confirm.seePetition", { context })}
          </Link>
        </p>
      ) : null}
    </div>
  );
}

import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { readSmallForm } from "~/lib/small-form.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { safeNext } from "~/services/workspace-auth.server.ts";
import { isKnownBrowser, requestSignIn, signInMailVerdict } from "~/services/signin.server.ts";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  return json({
    next: safeNext(new URL(request.url).searchParams.get("next"), locale),
    pageTitle: serverT(locale)("signin.title"),
  });
}

// Same answer whether or not the address has an account. Mail is limited per requester, and per
// address with a higher cap that a browser known from an earlier sign-in passes (decision 030).
export async function action({ params, request, context }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const form = await readSmallForm(request);
  const email = (form.email ?? "").trim().toLowerCase().slice(0, 254);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return json({ error: "emailInvalid" } as Refusal, { status: 400 });
  const codeUrl = `/${locale}/signin/code?email=${encodeURIComponent(email)}&next=${encodeURIComponent(safeNext(form.next ?? null, locale))}`;
  const mail = await signInMailVerdict({
    email,
    clientIp: context.clientIp,
    knownBrowser: await isKnownBrowser(request, email),
  });
  if (mail.verdict === "requester-limited") return json({ error: "rateLimited" } as Refusal, { status: 429 });
  if (mail.verdict === "address-capped")
    return json({ error: "alreadySent", codeUrl, retryMinutes: mail.retryMinutes } as Refusal, { status: 429 });
  await requestSignIn(email, locale);
  return redirect(codeUrl, { status: 303 });
}

type Refusal =
  { error: "emailInvalid" | "rateLimited" } | { error: "alreadySent"; codeUrl: string; retryMinutes: number };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function SignIn() {
  const { next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="card mx-auto max-w-md space-y-3">
      <h1 className="text-2xl font-bold">{t("signin.title")}</h1>
      <p className="text-slate-800">{t("signin.intro")}</p>
      {result?.error === "alreadySent" ? (
        <p role="alert">
          {t("signin.alreadySent")} {t("signin.retryIn", { count: result.retryMinutes })}{" "}
          <Link className="underline" to={result.codeUrl}>
            {t("signin.enterCode")}
          </Link>
        </p>
      ) : result?.error ? (
        <p role="alert" className="field-error">
          {t(result.error === "rateLimited" ? "rateLimited.body" : "errors.emailInvalid")}
        </p>
      ) : null}
      <Form method="post" className="space-y-3">
        <input type="hidden" name="next" value={next} />
        <div>
          <label htmlFor="signin-email" className="field-label">
            {t("signin.email")}
          </label>
          <input id="signin-email" name="email" type="email" autoComplete="email" required className="field-input" />
        </div>
        <button type="submit" className="btn-primary">
          {t("signin.submit")}
        </button>
      </Form>
    </div>
  );
}

import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { readSmallForm } from "~/lib/small-form.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { safeNext } from "~/services/workspace-auth.server.ts";
import { sessionCookie } from "~/models/user.server.ts";
import { checkSignInCode, rememberBrowser } from "~/services/signin.server.ts";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const query = new URL(request.url).searchParams;
  return json({
    email: (query.get("email") ?? "").slice(0, 254),
    next: safeNext(query.get("next"), locale),
    pageTitle: serverT(locale)("signin.codeTitle"),
  });
}

// Typed codes are limited per IP address across addresses, besides the tries each code allows.
export async function action({ params, request, context }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const form = await readSmallForm(request);
  const checked = await checkSignInCode({
    email: form.email ?? "",
    code: (form.code ?? "").replace(/\s/g, ""),
    clientIp: context.clientIp,
  });
  if (checked.outcome === "too-many-tries")
    return json({ error: "tooManyTries", minutes: checked.minutes } as Refusal, { status: 429 });
  if (checked.outcome === "invalid") return json({ error: "codeInvalid" } as Refusal, { status: 400 });
  const { signedIn } = checked;
  const headers = new Headers();
  headers.append("Set-Cookie", await sessionCookie().serialize(signedIn.token));
  headers.append("Set-Cookie", await rememberBrowser(request, signedIn.email));
  return redirect(safeNext(form.next, locale), { status: 303, headers });
}

type Refusal = { error: "codeInvalid" } | { error: "tooManyTries"; minutes: number };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function SignInCode() {
  const { email, next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="card mx-auto max-w-md space-y-3">
      <h1 className="text-2xl font-bold">{t("signin.codeTitle")}</h1>
      <p className="text-slate-800">{t("signin.codeIntro")}</p>
      {result?.error ? (
        <p role="alert" className="field-error">
          {result.error === "tooManyTries"
            ? t("signin.tooManyTries", { count: result.minutes })
            : t("signin.codeInvalid")}
        </p>
      ) : null}
      <Form method="post" className="space-y-3">
        <input type="hidden" name="next" value={next} />
        <div>
          <label htmlFor="code-email" className="field-label">
            {t("signin.email")}
          </label>
          <input
            id="code-email"
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={email}
            required
            className="field-input"
          />
        </div>
        <div>
          <label htmlFor="code-code" className="field-label">
            {t("signin.code")}
          </label>
          <input
            id="code-code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]{6,7}"
            maxLength={7}
            required
            className="field-input font-mono text-lg tracking-widest"
          />
        </div>
        <button type="submit" className="btn-primary">
          {t("signin.codeSubmit")}
        </button>
      </Form>
    </div>
  );
}

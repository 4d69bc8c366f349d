import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { config } from "~/config.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { safeNext } from "~/services/workspace-auth.server.ts";
import { keyedHash } from "~/lib/tokens.server.ts";
import { requestSignIn } from "~/models/user.server.ts";
import { allow } from "~/services/rate-limit.server.ts";
import { readSmallForm } from "~/services/signing.server.ts";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  return json({
    next: safeNext(new URL(request.url).searchParams.get("next"), locale),
    pageTitle: serverT(locale)("signin.title"),
  });
}

// Same answer whether or not the address has an account; mail is limited per address and per IP.
export async function action({ params, request, context }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const form = await readSmallForm(request);
  const email = (form.email ?? "").trim().toLowerCase().slice(0, 254);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return json({ error: "emailInvalid" }, { status: 400 });
  const ip = keyedHash(config().sessionSecret, `ip:${context.clientIp}`);
  const allowed =
    (await allow({ name: "signin-ip", limit: 20, windowMs: 3_600_000 }, ip)) &&
    (await allow({ name: "signin-email", limit: 5, windowMs: 3_600_000 }, hashEmail(email)));
  if (!allowed) return json({ error: "rateLimited" }, { status: 429 });
  await requestSignIn(email, locale);
  return redirect(
    `/${locale}/signin/code?email=${encodeURIComponent(email)}&next=${encodeURIComponent(safeNext(form.next ?? null, locale))}`,
    { status: 303 },
  );
}

const hashEmail = (email: string) => keyedHash(config().sessionSecret, `signin:${email}`);

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
      {result?.error ? (
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

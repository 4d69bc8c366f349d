import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { linkIsUsable, sessionCookie, signInWithLink } from "~/models/user.server.ts";
import { rememberBrowser } from "~/services/signin.server.ts";

// GET only shows a button; POST signs in. A mail scanner opening the link must not use it up.
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  return json(
    { locale, usable: await linkIsUsable(params.token ?? ""), pageTitle: serverT(locale)("signin.linkTitle") },
    { headers: { "Cache-Control": "no-store", "Referrer-Policy": "same-origin" } },
  );
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const signedIn = await signInWithLink(params.token ?? "");
  if (!signedIn) return json({ error: true }, { status: 400 });
  const headers = new Headers();
  headers.append("Set-Cookie", await sessionCookie().serialize(signedIn.token));
  headers.append("Set-Cookie", await rememberBrowser(request, signedIn.email));
  return redirect(`/${locale}/workspace`, { status: 303, headers });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function SignInLink() {
  const { locale, usable } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="card mx-auto max-w-md space-y-3">
      <h1 className="text-2xl font-bold">{t("signin.linkTitle")}</h1>
      {usable && !failed ? (
        <Form method="post" className="space-y-3">
          <p>{t("signin.linkIntro")}</p>
          <button type="submit" className="btn-primary">
            {t("signin.linkSubmit")}
          </button>
        </Form>
      ) : (
        <p role="alert">
          {t("signin.linkInvalid")}{" "}
          <Link className="underline" to={`/${locale}/signin`}>
            {t("signin.submit")}
          </Link>
        </p>
      )}
    </div>
  );
}

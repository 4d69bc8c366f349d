import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The body of an error page, in the current language. */
export function ErrorMessage() {
  const error = useRouteError();
  const { t, i18n } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // A route may explain a refusal: a translation key ("ns:key") in the error's data.
  const messageKey =
    isRouteErrorResponse(error) &&
    typeof error.data === "object" &&
    error.data &&
    typeof (error.data as { messageKey?: unknown }).messageKey === "string"
      ? (error.data as { messageKey: string }).messageKey
      : null;
  const [title, body] =
    status === 404
      ? [t("error.notFoundTitle"), t("error.notFoundBody")]
      : status === 403
        ? [t("error.forbiddenTitle"), t("workspace.forbidden")]
        : status === 503
          ? [t("error.unavailableTitle"), t("error.serverBody")]
          : status >= 400 && status < 500
            ? [t("error.badRequestTitle"), t("errors.badRequest")]
            : [t("error.serverTitle"), t("error.serverBody")];
  return (
    <div className="card mx-auto max-w-xl" data-status={status}>
      <title>{`${title} — ${t("site.name")}`}</title>
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="mt-2">{messageKey ? t(messageKey) : body}</p>
      <p className="mt-4">
        <Link className="underline" to={`/${i18n.language}`}>
          {t("error.home")}
        </Link>
      </p>
    </div>
  );
}

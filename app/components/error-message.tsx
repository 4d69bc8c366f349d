import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The translation keys of an error page's heading and text, from the status of what was thrown. */
export function errorKeys(error: unknown) {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, body] =
    status === 404
      ? ["error.notFoundTitle", "error.notFoundBody"]
      : status === 403
        ? ["error.forbiddenTitle", "workspace.forbidden"]
        : status === 503
          ? ["error.unavailableTitle", "error.serverBody"]
          : status >= 400 && status < 500
            ? ["error.badRequestTitle", "errors.badRequest"]
            : ["error.serverTitle", "error.serverBody"];
  return { status, title, body };
}

/** The body of an error page, in the current language (its <title> comes from the root's meta). */
export function ErrorMessage() {
  const error = useRouteError();
  const { t, i18n } = useTranslation();
  const { status, title, body } = errorKeys(error);
  // A route may explain a refusal: a translation key ("ns:key") in the error's data.
  const messageKey =
    isRouteErrorResponse(error) &&
    typeof error.data === "object" &&
    error.data &&
    typeof (error.data as { messageKey?: unknown }).messageKey === "string"
      ? (error.data as { messageKey: string }).messageKey
      : null;
  return (
    <div className="card mx-auto max-w-xl" data-status={status}>
      <h1 className="text-2xl font-bold">{t(title)}</h1>
      <p className="mt-2">{messageKey ? t(messageKey) : t(body)}</p>
      <p className="mt-4">
        <Link className="underline" to={`/${i18n.language}`}>
          {t("error.home")}
        </Link>
      </p>
    </div>
  );
}

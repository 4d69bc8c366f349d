import { useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";

const doneKeys: Record<string, string> = {
  organizationCreated: "done.organizationCreated",
  organizationSaved: "done.organizationSaved",
  memberAdded: "team:done.memberInvited",
  roleChanged: "done.roleChanged",
  memberRemoved: "done.memberRemoved",
  adminGranted: "done.adminGranted",
  adminRevoked: "done.adminRevoked",
  userDeactivated: "team:done.userDeactivated",
  userReactivated: "team:done.userReactivated",
  organizationDeactivated: "team:done.organizationDeactivated",
  organizationReactivated: "team:done.organizationReactivated",
};

/** The short confirmation after a redirect (?done=…); unknown values show nothing. */
export function DoneMessage() {
  const [params] = useSearchParams();
  const { t } = useTranslation("admin");
  const done = params.get("done");
  if (!done || !Object.hasOwn(doneKeys, done)) return null;
  return (
    <p
      role="status"
      className="rounded border border-green-300 bg-green-50 p-3 font-medium text-green-900"
      data-done={done}
    >
      {t(doneKeys[done])}
    </p>
  );
}

/** A refusal of the whole form (409 and the like), translated. */
export function ErrorAlert({ error }: { error: string | undefined }) {
  const { t } = useTranslation("admin");
  if (!error) return null;
  return (
    <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 font-medium text-red-800" data-error={error}>
      {t([`errors.${error}`, `team:errors.${error}`])}
    </p>
  );
}

/** A labelled text input with its hint and its translated error. */
export function TextField(props: {
  name: string;
  id?: string;
  label: string;
  hint?: string;
  defaultValue: string;
  error?: string;
  type?: "text" | "email" | "url";
  required?: boolean;
  autoComplete?: string;
}) {
  const { t } = useTranslation("admin");
  const id = props.id ?? `field-${props.name}`;
  const described = [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={id} className="field-label">
        {props.label}
      </label>
      {props.hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-700">
          {props.hint}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        defaultValue={props.defaultValue}
        required={props.required}
        autoComplete={props.autoComplete ?? "off"}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described || undefined}
        className="field-input"
      />
      {props.error ? (
        <p id={`${id}-error`} className="field-error">
          {t(`errors.${props.error}`)}
        </p>
      ) : null}
    </div>
  );
}

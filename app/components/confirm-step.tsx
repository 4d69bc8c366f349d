import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";

/**
 * The step between choosing an irreversible or public change and making it: says what will
 * happen, then posts the real action (with the session's CSRF token). A page of its own, so it
 * works without JavaScript and one tap never changes anything.
 */
export function ConfirmStep(props: {
  heading: string;
  subject?: ReactNode;
  consequences: string[];
  action: string;
  csrf: string;
  fields: Record<string, string>;
  confirmLabel: string;
  cancelLabel: string;
  cancelTo: string;
  danger?: boolean;
}) {
  return (
    <section className="card mx-auto max-w-xl space-y-4" aria-labelledby="confirm-heading" data-confirm-step>
      <h1 id="confirm-heading" className="text-2xl font-bold">
        {props.heading}
      </h1>
      {props.subject ? <p className="font-medium">{props.subject}</p> : null}
      <ul className="list-disc space-y-1 pl-5">
        {props.consequences.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <Form method="post" action={props.action} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="csrf" value={props.csrf} />
        {Object.entries(props.fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <button
          type="submit"
          className={
            props.danger
              ? "inline-flex items-center justify-center rounded-md bg-red-700 px-5 py-3 font-semibold text-white hover:bg-red-800 focus-visible:outline-red-900"
              : "btn-primary"
          }
        >
          {props.confirmLabel}
        </button>
        <Link className="underline" to={props.cancelTo}>
          {props.cancelLabel}
        </Link>
      </Form>
    </section>
  );
}

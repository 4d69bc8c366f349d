import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n.ts";
import { formatNumber } from "~/lib/format.ts";

type Tiers = { confirmed: number; pending: number; held: number; withdrawn: number; removed: number; paper: number };

/** Every tier of the count apart, and the removal log: nothing is blended silently. */
export function TierPanel(props: {
  locale: Locale;
  tiers: Tiers;
  removedByReason: { reason: string; removed: number }[];
  slug?: string;
}) {
  const { t } = useTranslation();
  const rows: Array<keyof Tiers> = ["confirmed", "pending", "held", "withdrawn", "removed", "paper"];
  return (
    <section aria-labelledby="tiers-heading" className="card">
      <h2 id="tiers-heading" className="text-lg font-bold">
        {t("tiers.title")}
      </h2>
      <dl className="mt-2 divide-y divide-slate-100 text-sm" data-testid="tiers">
        {rows.map((tier) => (
          <div key={tier} className="flex justify-between gap-3 py-1.5" data-tier={tier}>
            <dt>{t(`tiers.${tier}`)}</dt>
            <dd className="font-semibold tabular-nums">{formatNumber(props.locale, props.tiers[tier])}</dd>
          </div>
        ))}
      </dl>
      {props.removedByReason.length ? (
        <div className="mt-3">
          <h3 className="text-sm font-semibold">{t("tiers.removalLog")}</h3>
          <ul className="mt-1 text-sm">
            {props.removedByReason.map((row) => (
              <li key={row.reason} className="flex justify-between">
                <span>{t(`removalReason.${row.reason}`, { defaultValue: row.reason })}</span>
                <span className="tabular-nums">{formatNumber(props.locale, row.removed)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {props.slug && props.tiers.removed > 0 ? (
        <p className="mt-2 text-sm">
          <Link className="underline" to={`/${props.locale}/p/${props.slug}/removals`}>
            {t("removals.link")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

export function LedgerPanel(props: { locale: Locale; slug: string; seq: number; hash: string; publicUrl: string }) {
  const { t } = useTranslation();
  const api = `/api/v1/petitions/${props.slug}/ledger`;
  return (
    <section aria-labelledby="ledger-heading" className="card space-y-2 text-sm">
      <h2 id="ledger-heading" className="text-lg font-bold">
        {t("ledger.title")}
      </h2>
      <p className="text-slate-800">{t("ledger.explain")}</p>
      {props.seq > 0 ? (
        <p data-testid="ledger-head">
          {t("ledger.head", { seq: props.seq })}
          <br />
          {t("ledger.hash")}: <code className="break-all text-xs">{props.hash}</code>
        </p>
      ) : (
        <p>{t("ledger.empty")}</p>
      )}
      <ul className="list-disc space-y-1 pl-5">
        <li>
          <a className="underline" href={api}>
            {t("ledger.download")}
          </a>
        </li>
        <li>
          <Link className="underline" to={`/${props.locale}/receipt?petition=${props.slug}`}>
            {t("ledger.checkReceipt")}
          </Link>
        </li>
        <li>
          {t("ledger.verify")}:{" "}
          <code className="break-all text-xs">
            npm run verify -- {props.publicUrl} {props.slug}
          </code>
        </li>
      </ul>
    </section>
  );
}

import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n.ts";

/** "Witnessed by N" beside a count: independent witnesses cosigned the log holding its entries. */
export function WitnessNote(props: { locale: Locale; configured: number; witnesses: number; seq: number }) {
  const { t } = useTranslation();
  if (!props.configured) return null;
  return (
    <p className="text-sm text-slate-800" data-testid="witnessed" data-witnesses={props.witnesses}>
      {props.witnesses ? t("log.witnessed", { count: props.witnesses, seq: props.seq }) : t("log.unwitnessed")}{" "}
      <a className="underline" href={`/${props.locale}/api`}>
        {t("log.whatIsWitness")}
      </a>
    </p>
  );
}

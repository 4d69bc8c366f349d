import { useEffect } from "react";
import { useTranslation } from "react-i18next";

export type ReceiptInLog = {
  treeSize: number;
  rootHash: string;
  verified: boolean;
  included: number[];
  waiting: number[];
  waitSeconds: number;
};

/**
 * The receipt's place in the site's signed log (decision 035). Without JavaScript it says what the
 * server checked; with it, public/receipt-proof.js checks the inclusion proofs again in the
 * browser against the latest checkpoint and says so.
 */
export function ReceiptProof(props: { slug: string; receipt: string; log: ReceiptInLog }) {
  const { t } = useTranslation();
  const { log } = props;
  useEffect(() => {
    const run = (window as { dauysCheckReceipts?: () => void }).dauysCheckReceipts;
    if (run) return run();
    const script = document.createElement("script");
    script.src = "/receipt-proof.js";
    document.head.appendChild(script);
  }, [props.slug, props.receipt, log.treeSize]);
  return (
    <section
      className="card space-y-2 text-sm"
      aria-labelledby="receipt-log-heading"
      data-testid="receipt-proof"
      data-receipt-proof=""
      data-petition={props.slug}
      data-receipt={props.receipt}
      data-seqs={log.included.join(",")}
      data-checking={t("log.browserChecking")}
      data-ok={t("log.browserOk", { size: "{{size}}" })}
      data-signed={t("log.browserSigned")}
      data-failed={t("log.browserFailed")}
    >
      <h2 id="receipt-log-heading" className="font-semibold">
        {t("log.proofTitle")}
      </h2>
      {log.included.length ? (
        <p data-testid="receipt-proof-server">
          {t(log.verified ? "log.serverChecked" : "log.serverFailed", {
            seqs: log.included.join(", "),
            size: log.treeSize,
          })}
        </p>
      ) : null}
      {log.waiting.length ? <p>{t("log.notYet", { seqs: log.waiting.join(", "), seconds: log.waitSeconds })}</p> : null}
      <p data-browser="" aria-live="polite" className="font-semibold" hidden />
      <p className="text-xs text-slate-700">
        {t("log.rootOf", { size: log.treeSize })} <code className="break-all">{log.rootHash}</code>
      </p>
    </section>
  );
}

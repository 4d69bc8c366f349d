import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { regionName } from "~/data/regions.ts";
import { db } from "~/db.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { formatDateTime } from "~/lib/format.ts";
import { wordingOf } from "~/lib/publication-mode.ts";
import { findPublicPetition } from "~/models/petition-api.server.ts";
import { reasonedTypes } from "~/models/signature-states.ts";

// The public removal log: every removal and restore entry of the ledger (from and to any tier),
// with its sequence number.
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const petition = await findPublicPetition(params.slug ?? "");
  if (!petition) throw new Response("Not Found", { status: 404 });
  const entries = await db().ledgerEntry.findMany({
    where: { publicationId: petition.id, type: { in: [...reasonedTypes] } },
    orderBy: { seq: "desc" },
    take: 1_000,
    select: { seq: true, type: true, reason: true, region: true, minute: true, hash: true },
  });
  return json({
    locale,
    slug: petition.slug,
    // A statement's log removes and restores endorsements: its own words.
    wording: wordingOf(petition),
    title: locale === "kk" ? petition.titleKk : petition.titleRu,
    pageTitle: serverT(locale)("removals.title"),
    entries: entries.map((entry) => ({ ...entry, minute: entry.minute.toISOString() })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle}: ${data.title} — Дауыс` : "Дауыс" },
];

export default function Removals() {
  const { locale, slug, title, entries, wording } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="card space-y-3">
      <p>
        <Link className="underline" to={`/${locale}/p/${slug}`}>
          {title}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t("removals.title")}</h1>
      <p className="text-sm text-slate-700">{t("removals.intro", { context: wording })}</p>
      {entries.length === 0 ? (
        <p>{t("removals.empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm" data-testid="removals">
            <thead>
              <tr className="border-b text-left">
                <th scope="col" className="pr-3">
                  {t("removals.seq")}
                </th>
                <th scope="col" className="pr-3">
                  {t("removals.when")}
                </th>
                <th scope="col" className="pr-3">
                  {t("removals.what")}
                </th>
                <th scope="col" className="pr-3">
                  {t("removals.reason")}
                </th>
                <th scope="col">{t("removals.region")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.seq} className="border-b border-slate-100">
                  <td className="pr-3 tabular-nums">
                    <a
                      className="underline"
                      href={`/api/v1/petitions/${slug}/ledger?after=${entry.seq - 1}`}
                      title={entry.hash}
                    >
                      {entry.seq}
                    </a>
                  </td>
                  <td className="whitespace-nowrap pr-3">{formatDateTime(locale, entry.minute)}</td>
                  <td className="pr-3">{t(`ledgerType.${entry.type}`, { context: wording })}</td>
                  <td className="pr-3">{t(`removalReason.${entry.reason}`, { defaultValue: entry.reason })}</td>
                  <td>{regionName(entry.region, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

import { useCallback, useEffect, useState } from "react";
import { Button, Spinner, Title2, mergeClasses } from "@fluentui/react-components";
import { firstSeating, minutesFileName, minutesPath, MinutesFormatError, parseMinutes, type Minutes } from "../features/minutes.js";
import { useSession } from "../features/session.js";
import { useI18n } from "../i18n/i18n.js";
import { personLabel } from "../components/Attendance.js";
import { ErrorBar } from "../components/common.js";
import { useDownload } from "../components/Download.js";
import { MinutesItemSection } from "../components/MinutesItem.js";
import { formatTime } from "../components/MinutesVote.js";
import { useMinutesPageRule, useMinutesStyles } from "../components/minutesStyles.js";

interface Loaded {
  readonly minutes: Minutes;
  /** The JSON as the server sent it: what "Ladda ner JSON" saves. */
  readonly text: string;
  readonly fileName: string | null;
}

/**
 * The protocol extract (issue 8) for the clerk and the chair, made to be printed and archived:
 * the meeting, the ledger head it was made from, the attendance, and every item with its votes and
 * voting lists, decision and reservations. The server makes it (GET /minutes); this page shows it.
 */
export function MinutesPage({ meetingId }: { meetingId: string }) {
  useMinutesPageRule();
  const styles = useMinutesStyles();
  const { t, lang } = useI18n();
  const { api } = useSession();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { save, link } = useDownload();

  const load = useCallback(async () => {
    const file = await api.fetchFile(minutesPath(meetingId));
    setLoaded({ minutes: parseMinutes(file.text), text: file.text, fileName: file.fileName });
  }, [api, meetingId]);

  useEffect(() => {
    setError(null);
    load().catch((failure: unknown) => {
      const detail = failure instanceof Error ? failure.message : String(failure);
      setError(failure instanceof MinutesFormatError ? t("minutesBadFormat", { detail }) : t("errorPrefix", { message: detail }));
    });
    // Fetched again when the meeting or the sign-in changes, not when the language does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [load]);

  if (!loaded) return error ? <ErrorBar error={error} /> : <Spinner label={t("loading")} />;
  const { minutes } = loaded;
  const { meeting, assembly, ledgerHead } = minutes;
  const first = firstSeating(minutes);
  const people = new Map(minutes.items.flatMap((i) => (i.seating ?? []).flatMap((s) => [s.holder, s.servedBy].filter((p) => p !== null))).map((p) => [p.id, p]));

  const handlePrint = () => window.print();
  const handleJson = () => save(loaded.fileName ?? minutesFileName(minutes), loaded.text, "application/json;charset=utf-8");
  const facts: Array<[string, string]> = [
    [t("minutesAssembly"), assembly.name],
    [t("minutesDate"), formatTime(meeting.scheduledAt, lang)],
    [t("minutesStatus"), t(`status${meeting.status}`)],
  ];
  if (meeting.openedAt) facts.push([t("minutesOpenedAt"), formatTime(meeting.openedAt, lang)]);
  if (meeting.closedAt) facts.push([t("minutesClosedAt"), formatTime(meeting.closedAt, lang)]);
  // Who presided from when (a vice chair taking the chair), and which roster the meeting was held with.
  if (meeting.presiding.length > 0) {
    const presiding = meeting.presiding.map((p) => t("minutesPresidingFrom", { name: p.member.name, party: p.member.party, time: formatTime(p.from, lang) }));
    facts.push([t("minutesPresiding"), presiding.join("; ")]);
  }
  facts.push([t("minutesRosterVersion"), t("minutesRosterVersionValue", { version: meeting.rosterVersion })]);

  return (
    <article className={styles.document} aria-labelledby="minutes-title">
      <header className={styles.section}>
        <Title2 as="h1" id="minutes-title" className={styles.heading}>
          {t("minutesTitle", { title: meeting.title })}
        </Title2>
        <dl className={styles.facts}>
          {facts.map(([term, detail]) => (
            <div key={term} className={styles.pair}>
              <dt className={styles.term}>{term}</dt>
              <dd className={styles.detail}>{detail}</dd>
            </div>
          ))}
        </dl>
        <p className={styles.paragraph} data-ledger-head>
          {t("minutesLedger", { seq: ledgerHead.seq, hash: "" })}
          <span className={styles.hash}>{ledgerHead.hash}</span>
        </p>
        <p className={styles.small}>{t("minutesGeneratedAt", { time: formatTime(minutes.generatedAt, lang) })}</p>
        <div className={mergeClasses(styles.actions, styles.noPrint)} role="group" aria-label={t("minutesActions")}>
          <Button appearance="primary" onClick={handlePrint}>
            {t("minutesPrint")}
          </Button>
          <Button onClick={handleJson}>{t("minutesDownloadJson")}</Button>
          {link}
        </div>
        <div className={styles.noPrint}>
          <ErrorBar error={error} />
        </div>
      </header>

      <section className={styles.card} aria-labelledby="minutes-attendance">
        <h2 id="minutes-attendance" className={mergeClasses(styles.heading, styles.keepWithNext)}>
          {t("minutesAttendance")}
        </h2>
        {first === null ? (
          <p className={styles.paragraph}>{t("minutesNoItemTakenUp")}</p>
        ) : (
          <>
            <p className={styles.paragraph}>{t("minutesAttendanceAt", { number: first.item.number, title: first.item.title })}</p>
            <table className={styles.table}>
              <caption className={styles.caption}>{t("minutesAttendanceCaption", { number: first.item.number })}</caption>
              <thead className={styles.head}>
                <tr className={styles.row}>
                  {(["seat", "minutesHolder", "party", "servedBy"] as const).map((key) => (
                    <th key={key} scope="col" className={mergeClasses(styles.cell, styles.headerCell, key === "seat" && styles.numberCell)}>
                      {t(key)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {first.seating.map((s) => (
                  <tr key={s.seat} className={styles.row}>
                    <th scope="row" className={mergeClasses(styles.cell, styles.headerCell, styles.numberCell)}>
                      {s.seat}
                    </th>
                    <td className={styles.cell}>{s.holder.name}</td>
                    <td className={styles.cell}>{s.holder.party}</td>
                    <td className={styles.cell}>
                      {s.servedBy ? personLabel(s.servedBy, t) : t("nobody")}
                      {s.recused ? ` – ${personLabel(s.recused, t)} ${t("minutesRecusedMark")}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        {minutes.attendanceCorrections.length > 0 && (
          <>
            <h3 className={mergeClasses(styles.heading, styles.keepWithNext)}>{t("minutesAttendanceCorrections")}</h3>
            <ul className={styles.list}>
              {minutes.attendanceCorrections.map((c) => (
                <li key={c.seq}>
                  {t("minutesCorrection", { member: people.get(c.memberId)?.name ?? c.memberId, reason: c.reason, seq: c.seq })}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {minutes.items.map((item) => (
        <MinutesItemSection key={item.id} minutes={minutes} item={item} onChanged={load} />
      ))}
    </article>
  );
}

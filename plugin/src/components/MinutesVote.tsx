import { Button, mergeClasses } from "@fluentui/react-components";
import { useSession } from "../features/session.js";
import { votingListFileName, votingListPath, type Answer, type Minutes, type MinutesItem, type MinutesVote } from "../features/minutes.js";
import { useI18n, type Lang, type Translate } from "../i18n/i18n.js";
import { ErrorBar, useAction } from "./common.js";
import { useDownload } from "./Download.js";
import { useMinutesStyles } from "./minutesStyles.js";

/** A time in the minutes: date and time of day, in the reader's language. */
export function formatTime(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleString(lang === "sv" ? "sv-SE" : "en-GB", { dateStyle: "long", timeStyle: "short" });
}

/** No answer on record: absent from the count, unless the vote was counted by hand (no one's answer is then on record). */
function answerText(answer: Answer | null, countedByHand: boolean, t: Translate): string {
  if (answer === null) return t(countedByHand ? "minutesCountedByHand" : "absent");
  return t(answer === "YES" ? "yes" : answer === "NO" ? "no" : "abstain");
}

function majorityText(majority: string, t: Translate): string {
  if (majority === "SIMPLE") return t("majoritySIMPLE");
  if (majority === "TWO_THIRDS_OF_PRESENT") return t("majorityTWO_THIRDS_OF_PRESENT");
  return majority;
}

function decidedByText(decidedBy: string, t: Translate): string {
  if (decidedBy === "MAJORITY") return t("minutesDecidedByMAJORITY");
  if (decidedBy === "CASTING_VOTE") return t("minutesDecidedByCASTING_VOTE");
  return decidedBy;
}

function statusText(vote: MinutesVote, t: Translate): string {
  return t(vote.status === "OPEN" ? "voteOpen" : vote.status === "CLOSED" ? "voteClosed" : "voteCancelled");
}

function outcomeText(vote: MinutesVote, t: Translate): string | null {
  if (!vote.result) return null;
  const { outcome } = vote.result;
  const side = outcome === "YES" ? vote.yesProposal?.label : outcome === "NO" ? vote.noProposal?.label : undefined;
  return `${t(outcome === "YES" ? "outcomeYES" : outcome === "NO" ? "outcomeNO" : "outcomeTIE")}${side ? `: ${side}` : ""}`;
}

/**
 * One vote in the minutes: how it was put and decided, and its voting list (voteringslista) with
 * every member's answer, in the order the server gives (a roll-call vote's in call order).
 */
export function MinutesVoteSection({ minutes, item, vote }: { minutes: Minutes; item: MinutesItem; vote: MinutesVote }) {
  const styles = useMinutesStyles();
  const { t, lang } = useI18n();
  const { api } = useSession();
  const { busy, error, run } = useAction();
  const { save, link } = useDownload();
  const headingId = `vote-${vote.id}`;
  const names = new Map(vote.votingList.map((row) => [row.member.id, row.member.name]));
  const outcome = outcomeText(vote, t);
  const method = t(`method${vote.method}`);
  const caption = t(vote.method === "ROLL_CALL" ? "minutesVotingListCallOrder" : "minutesVotingList", { number: item.number, round: vote.round });

  const handleCsv = () =>
    void run(async () => {
      const file = await api.fetchFile(votingListPath(minutes.meeting.id, vote.id));
      save(file.fileName ?? votingListFileName(minutes, item, vote), file.text, "text/csv;charset=utf-8");
    });

  const facts: Array<[string, string]> = [
    [t("method"), method],
    [t("question"), vote.question],
    [t("yes"), vote.yesProposal?.label ?? t("none")],
    [t("no"), vote.noProposal?.label ?? t("none")],
    [t("majority"), majorityText(vote.majority, t)],
    [t("minutesVoteStatus"), statusText(vote, t)],
    [t("minutesOpenedVote"), formatTime(vote.openedAt, lang)],
  ];
  if (vote.closedAt) facts.push([t("minutesClosedVote"), formatTime(vote.closedAt, lang)]);
  if (vote.cancelReason !== null) facts.push([t("minutesCancelReason"), vote.cancelReason]);
  if (vote.handCount) {
    const h = vote.handCount;
    facts.push(
      [t("minutesHandCount"), t("minutesHandCountCounts", { yes: h.yes, no: h.no, abstain: h.abstain })],
      [t("minutesCountedAt"), formatTime(h.countedAt, lang)],
      [t("minutesHandCountReason"), h.reason],
      [t("minutesEnteredBy"), t("minutesEnteredByText", { by: h.enteredBy, at: formatTime(h.enteredAt, lang) })],
    );
  }
  if (vote.result) {
    const { yes, no, abstain, absent } = vote.result;
    facts.push([t("result"), `${t("minutesCounts", { yes, no, abstain, absent })}. ${outcome ?? ""}`]);
    if (vote.result.decidedBy) facts.push([t("minutesDecidedBy"), decidedByText(vote.result.decidedBy, t)]);
  }

  return (
    <section className={styles.section} aria-labelledby={headingId} data-vote={vote.id}>
      <h3 id={headingId} className={mergeClasses(styles.heading, styles.keepWithNext)}>
        {t("minutesVoteHeading", { round: vote.round, method })}
      </h3>
      <dl className={styles.facts}>
        {facts.map(([term, detail]) => (
          <div key={term} className={styles.pair}>
            <dt className={styles.term}>{term}</dt>
            <dd className={styles.detail}>{detail}</dd>
          </div>
        ))}
      </dl>
      {vote.corrections.length > 0 && (
        <>
          <p className={mergeClasses(styles.paragraph, styles.term)}>{t("minutesCorrections")}</p>
          <ul className={styles.list}>
            {vote.corrections.map((c) => (
              <li key={c.seq}>{t("minutesCorrection", { member: names.get(c.memberId) ?? c.memberId, reason: c.reason, seq: c.seq })}</li>
            ))}
          </ul>
        </>
      )}
      {vote.votingList.length === 0 ? (
        <p className={styles.paragraph}>{t("minutesNoVotingList")}</p>
      ) : (
        <table className={styles.table} data-voting-list={vote.id}>
          <caption className={styles.caption}>{caption}</caption>
          <thead className={styles.head}>
            <tr className={styles.row}>
              {(["seat", "member", "party", "minutesAnswer", "minutesRecordedBy"] as const).map((key) => (
                <th key={key} scope="col" className={mergeClasses(styles.cell, styles.headerCell, key === "seat" && styles.numberCell)}>
                  {t(key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {vote.votingList.map((row) => (
              <tr key={`${row.seat}-${row.member.id}`} className={styles.row}>
                <th scope="row" className={mergeClasses(styles.cell, styles.headerCell, styles.numberCell)}>
                  {row.seat}
                </th>
                <td className={styles.cell}>
                  {row.member.name}
                  {row.member.kind === "SUBSTITUTE" ? ` (${t("substituteMark")})` : ""}
                </td>
                <td className={styles.cell}>{row.member.party}</td>
                <td className={styles.cell}>
                  {answerText(row.answer, vote.handCount !== null, t)}
                  {row.superseded ? ` (${t("minutesSuperseded")})` : ""}
                </td>
                <td className={styles.cell}>{row.recordedBy ? t(`minutesRecordedBy${row.recordedBy}`) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {vote.votingList.length > 0 && (
        <div className={mergeClasses(styles.actions, styles.noPrint)}>
          <Button size="small" disabled={busy} onClick={handleCsv} aria-label={t("minutesCsvNamed", { number: item.number, round: vote.round })}>
            {t("minutesCsv")}
          </Button>
          {link}
        </div>
      )}
      <div className={styles.noPrint}>
        <ErrorBar error={error} />
      </div>
    </section>
  );
}

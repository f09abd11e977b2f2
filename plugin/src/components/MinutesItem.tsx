import { mergeClasses } from "@fluentui/react-components";
import type { Minutes, MinutesItem, Person } from "../features/minutes.js";
import { useI18n, type Translate } from "../i18n/i18n.js";
import { personLabel } from "./Attendance.js";
import { formatTime, MinutesVoteSection } from "./MinutesVote.js";
import { ReservationForm } from "./ReservationForm.js";
import { useMinutesStyles } from "./minutesStyles.js";

function who(person: Person | null, t: Translate): string {
  return person ? personLabel(person, t) : t("nobody");
}

/**
 * One agenda item in the minutes (RULES.md 17): who served where it changed, the proposals, every
 * vote in round order with its voting list, the decision and the reservations.
 */
export function MinutesItemSection({ minutes, item, onChanged }: { minutes: Minutes; item: MinutesItem; onChanged: () => Promise<void> }) {
  const styles = useMinutesStyles();
  const { t, lang } = useI18n();
  const headingId = `item-${item.id}`;
  const votes = [...item.votes].sort((a, b) => a.round - b.round);
  const mayReserve = item.decision !== null && minutes.meeting.status !== "CLOSED";
  return (
    <section className={styles.card} aria-labelledby={headingId}>
      <div className={mergeClasses(styles.section, styles.keepWithNext)}>
        <h2 id={headingId} className={styles.heading}>
          § {item.number} {item.title}
        </h2>
        {item.caseNumber && <p className={styles.paragraph}>{t("caseNumber", { value: item.caseNumber })}</p>}
        {!item.takenUp && <p className={styles.paragraph}>{t("minutesNotTakenUp")}</p>}
        {item.addedDuringMeeting && (
          <p className={styles.paragraph}>{t("minutesAddedDuringMeeting", { time: formatTime(item.addedDuringMeeting.at, lang), by: item.addedDuringMeeting.by })}</p>
        )}
      </div>

      {item.takenUp && (
        <div className={styles.section}>
          <h3 className={mergeClasses(styles.heading, styles.keepWithNext)}>{t("minutesServing")}</h3>
          {item.changes.length === 0 ? (
            <p className={styles.paragraph}>{t("minutesNoChanges")}</p>
          ) : (
            <ul className={styles.list}>
              {item.changes.map((c) => (
                <li key={`${c.seat}-${c.why}`}>
                  {t(c.from === null && c.why === "SUBSTITUTE" ? "minutesChangeFilled" : `minutesChange${c.why}`, { seat: c.seat, from: who(c.from, t), to: who(c.to, t) })}
                </li>
              ))}
            </ul>
          )}
          {item.recusals.length > 0 && (
            <p className={styles.paragraph}>
              <span className={styles.term}>{t("minutesRecusals")}:</span> {item.recusals.map((p) => personLabel(p, t)).join(", ")}
            </p>
          )}
        </div>
      )}

      <div className={styles.section}>
        <h3 className={mergeClasses(styles.heading, styles.keepWithNext)}>{t("proposals")}</h3>
        {item.proposals.length === 0 ? (
          <p className={styles.paragraph}>{t("minutesNoProposals")}</p>
        ) : (
          <ol className={styles.list}>
            {item.proposals.map((p) => (
              <li key={p.id}>
                <span className={styles.term}>{p.label}</span>
                {p.proposedBy ? ` (${t("proposedBy", { name: p.proposedBy })})` : ""}: {p.text}
              </li>
            ))}
          </ol>
        )}
      </div>

      {votes.map((vote) => (
        <MinutesVoteSection key={vote.id} minutes={minutes} item={item} vote={vote} />
      ))}

      {(item.takenUp || item.decision !== null) && (
        <div className={styles.section}>
          <h3 className={mergeClasses(styles.heading, styles.keepWithNext)}>{t("decision")}</h3>
          {item.decision === null ? (
            <p className={styles.paragraph}>{t("minutesNoDecision")}</p>
          ) : (
            <>
              <p className={styles.paragraph}>{item.decision}</p>
              {item.adoptedProposal && <p className={styles.paragraph}>{t("minutesAdopted", { label: item.adoptedProposal.label })}</p>}
            </>
          )}
        </div>
      )}

      {(item.decision !== null || item.reservations.length > 0) && (
        <div className={styles.section}>
          <h3 className={mergeClasses(styles.heading, styles.keepWithNext)}>{t("minutesReservations")}</h3>
          {item.reservations.length === 0 ? (
            <p className={styles.paragraph}>{t("minutesNoReservations")}</p>
          ) : (
            <ul className={styles.list} aria-label={t("minutesReservations")}>
              {item.reservations.map((r) => (
                <li key={`${r.member.id}-${r.recordedAt}`}>
                  <span className={styles.term}>{personLabel(r.member, t)}</span>
                  {r.text ? `: ${r.text}` : ""}{" "}
                  <span className={styles.small}>({t("minutesReservationBy", { by: r.recordedBy, at: formatTime(r.recordedAt, lang) })})</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {mayReserve && <ReservationForm item={item} onRecorded={onChanged} />}
    </section>
  );
}

import { useId, useState } from "react";
import { Badge, Button, MessageBar, MessageBarBody, Switch, Text, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { ASSIGN_SUBSTITUTE, SET_ATTENDANCE, type MeetingView, type MemberRef, type SeatView } from "../graphql/documents.js";
import { useI18n, type Translate } from "../i18n/i18n.js";
import { useSession } from "../features/session.js";
import { ErrorBar, useAction } from "./common.js";

const useStyles = makeStyles({
  heading: { margin: 0 },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  head: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalM, alignItems: "center", justifyContent: "space-between" },
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 280px), 1fr))",
    gap: tokens.spacingVerticalS,
  },
  seat: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    minWidth: 0,
  },
  empty: { border: `2px dashed ${tokens.colorPaletteRedBorder2}` },
  line: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  name: { overflowWrap: "anywhere" },
});

/** Someone as the roll-call shows them: name (party), and "ersättare" for a substitute. */
export function personLabel(member: Pick<MemberRef, "name" | "party" | "kind">, t: Translate): string {
  return member.kind === "SUBSTITUTE" ? `${member.name} (${member.party}, ${t("substituteMark")})` : `${member.name} (${member.party})`;
}

/** A seat needs the chair's or clerk's eye: empty, changing, recused, or served by a substitute. */
function needsAttention(seat: SeatView): boolean {
  return seat.nextServedBy === null || seat.servedBy === null || seat.changePending || seat.recused !== null || seat.servedBy.kind === "SUBSTITUTE";
}

/**
 * The attendance roll-call (upprop) and later changes, seat by seat: who holds the seat, who serves
 * now, the holder present or absent, the suggested substitute for a seat that will be empty, changes
 * waiting for the next item and jäv. Used by the chair and the clerk.
 */
export function Attendance({ meeting }: { meeting: MeetingView }) {
  const styles = useStyles();
  const { t } = useI18n();
  const headingId = useId();
  const [onlyAttention, setOnlyAttention] = useState(false);
  const voteOpen = meeting.agenda.some((i) => i.votes.some((v) => v.status === "OPEN"));
  const lockedReason = meeting.status !== "OPEN" ? t(meeting.status === "CLOSED" ? "statusCLOSED" : "attendanceNotOpen") : voteOpen ? t("attendanceLockedVote") : null;
  const pending = meeting.seats.filter((s) => s.changePending).length;
  const served = meeting.seats.filter((s) => s.servedBy !== null).length;
  const seats = onlyAttention ? meeting.seats.filter(needsAttention) : meeting.seats;
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <div className={styles.head}>
        <Text className={styles.heading} as="h2" id={headingId} size={500} weight="semibold">
          {t("rollCallAttendance")}
        </Text>
        <Switch checked={onlyAttention} onChange={(_e, data) => setOnlyAttention(data.checked)} label={t("onlyAttention")} />
      </div>
      <Text>
        {t("seatsServed", { served, seats: meeting.seats.length })}
        {pending > 0 ? ` · ${t("changesPending", { count: pending })}` : ""}
      </Text>
      {lockedReason && (
        <MessageBar intent="info">
          <MessageBarBody>{lockedReason}</MessageBarBody>
        </MessageBar>
      )}
      {seats.length === 0 ? (
        <Text>{t("noSeatsNeedAttention")}</Text>
      ) : (
        <ul className={styles.list}>
          {seats.map((seat) => (
            <SeatRow key={seat.number} meetingId={meeting.id} seat={seat} locked={lockedReason !== null} />
          ))}
        </ul>
      )}
    </section>
  );
}

function SeatRow({ meetingId, seat, locked }: { meetingId: string; seat: SeatView; locked: boolean }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const { busy, error, run } = useAction();
  const nameId = useId();
  // The toggle shows what is recorded (it may wait for the next item), not who serves now.
  const holderPresent = seat.nextServedBy?.id === seat.holder.id;
  const next = seat.nextServedBy;
  const suggested = seat.suggestedSubstitute;
  const disabled = locked || busy;

  const handlePresent = (present: boolean) =>
    void run(() => api.request(SET_ATTENDANCE, { m: meetingId, id: seat.holder.id, p: present }));
  const handleAssign = (substitute: MemberRef) =>
    void run(() => api.request(ASSIGN_SUBSTITUTE, { m: meetingId, s: seat.number, id: substitute.id }));
  const handleSubstituteLeaves = (substitute: MemberRef) =>
    void run(() => api.request(SET_ATTENDANCE, { m: meetingId, id: substitute.id, p: false }));

  return (
    <li className={mergeClasses(styles.seat, next === null && styles.empty)}>
      <div className={styles.line}>
        <Badge appearance="outline" color="informative">
          {t("seatNumber", { number: seat.number })}
        </Badge>
        <Text id={nameId} weight="semibold" className={styles.name}>
          {personLabel(seat.holder, t)}
        </Text>
      </div>
      <Text className={styles.name}>{t("servingNow", { name: seat.servedBy ? personLabel(seat.servedBy, t) : t("nobody") })}</Text>
      {seat.recused && (
        <div>
          <Badge appearance="tint" color="warning">
            {t("recusedOn", { name: seat.recused.name })}
          </Badge>
        </div>
      )}
      {seat.changePending && (
        <Text weight="semibold" className={styles.name}>
          {t("pendingNext", { name: next ? personLabel(next, t) : t("nobody") })}
        </Text>
      )}
      <div className={styles.line}>
        <Switch
          checked={holderPresent}
          disabled={disabled}
          aria-describedby={nameId}
          label={t("holderPresent")}
          onChange={(_e, data) => handlePresent(data.checked)}
        />
        {next === null && suggested && (
          <Button appearance="primary" disabled={disabled} onClick={() => handleAssign(suggested)}>
            {t("assign", { name: suggested.name })}
          </Button>
        )}
        {next === null && !suggested && <Text>{t("noSubstituteFree")}</Text>}
        {next && next.kind === "SUBSTITUTE" && (
          <Button appearance="secondary" disabled={disabled} onClick={() => handleSubstituteLeaves(next)}>
            {t("substituteLeaves", { name: next.name })}
          </Button>
        )}
      </div>
      <ErrorBar error={error} />
    </li>
  );
}

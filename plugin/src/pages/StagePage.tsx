import { Spinner, Text, Title1, makeStyles, tokens } from "@fluentui/react-components";
import { ConnectionBadge, Counts, Outcome, Stack, choiceKey } from "../components/common.js";
import { currentOf, type Choice, type MeetingView, type VoteView } from "../graphql/documents.js";
import { useI18n } from "../i18n/i18n.js";
import { useLiveMeeting } from "../features/session.js";

/** The meeting stage and the projector: readable from across a room. */

const useStyles = makeStyles({
  big: { fontSize: "clamp(20px, 4vw, 44px)", lineHeight: 1.2 },
  parties: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL },
  party: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  seats: { display: "flex", flexWrap: "wrap", gap: "6px", maxWidth: "420px" },
  seat: {
    width: "52px",
    height: "52px",
    borderRadius: tokens.borderRadiusMedium,
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    justifyContent: "center",
    fontWeight: tokens.fontWeightBold,
    border: `2px solid ${tokens.colorNeutralStroke1}`,
  },
  YES: { backgroundColor: tokens.colorPaletteGreenBackground3, color: tokens.colorNeutralForegroundOnBrand },
  NO: { backgroundColor: tokens.colorPaletteRedBackground3, color: tokens.colorNeutralForegroundOnBrand },
  ABSTAIN: { backgroundColor: tokens.colorPaletteYellowBackground2, color: tokens.colorNeutralForeground1 },
  NONE: { backgroundColor: tokens.colorNeutralBackground4, color: tokens.colorNeutralForeground1 },
  seatNumber: { fontSize: tokens.fontSizeBase100, fontWeight: tokens.fontWeightRegular },
  legend: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalM, alignItems: "center" },
  swatch: { width: "20px", height: "20px", borderRadius: tokens.borderRadiusSmall, display: "inline-block", marginRight: "6px", verticalAlign: "middle" },
});

export function StagePage({ meetingId }: { meetingId: string }) {
  const { meeting, status } = useLiveMeeting(meetingId);
  const styles = useStyles();
  const { t } = useI18n();
  if (!meeting) return <Spinner label={t("loading")} />;
  const { item, vote } = currentOf(meeting);
  return (
    <Stack>
      {status !== "live" && <ConnectionBadge status={status} />}
      <Title1 as="h1">{item ? `§ ${item.number} ${item.title}` : meeting.title}</Title1>
      {vote && (
        <>
          <Text className={styles.big}>{vote.question}</Text>
          {vote.status === "OPEN" ? (
            // While a vote is open, only the counts: never who voted how.
            <>
              <Counts vote={vote} size={900} />
              <Text className={styles.big} role="status">
                {t("votesCast", { count: vote.tally.eligible - vote.tally.notVoted, eligible: vote.tally.eligible })}
              </Text>
            </>
          ) : (
            <>
              <Outcome vote={vote} />
              {vote.status === "CLOSED" && <Counts vote={vote} size={900} />}
              {vote.status === "CLOSED" && !vote.handCount && <SeatMap meeting={meeting} vote={vote} />}
            </>
          )}
        </>
      )}
    </Stack>
  );
}

const LETTER: Readonly<Record<Choice | "NONE", string>> = { YES: "J", NO: "N", ABSTAIN: "A", NONE: "–" };

/** All seats, grouped by party, coloured (and lettered) by how the member serving answered. */
export function SeatMap({ meeting, vote }: { meeting: MeetingView; vote: VoteView }) {
  const styles = useStyles();
  const { t } = useI18n();
  const answers = new Map(vote.ballots.map((b) => [b.member.id, b.choice]));
  const servedAtVote = new Map(vote.seating.map((s) => [s.seat, s.member]));
  const parties = [...new Set(meeting.seats.map((s) => s.holder.party))];
  const label = (choice: Choice | "NONE") => (choice === "NONE" ? t("absent") : t(choiceKey(choice)));
  return (
    <section aria-label={t("seatMap")}>
      <Text as="h2" size={600} weight="semibold">
        {t("seatMap")}
      </Text>
      <div className={styles.legend}>
        {(["YES", "NO", "ABSTAIN", "NONE"] as const).map((c) => (
          <span key={c}>
            <span className={`${styles.swatch} ${styles[c]}`} aria-hidden="true" />
            {LETTER[c]} = {label(c)}
          </span>
        ))}
      </div>
      <div className={styles.parties}>
        {parties.map((party) => (
          <div key={party} className={styles.party}>
            <Text weight="semibold" size={500}>
              {party}
            </Text>
            <div className={styles.seats}>
              {meeting.seats
                .filter((s) => s.holder.party === party)
                .map((seat) => {
                  const serving = servedAtVote.get(seat.number);
                  const choice: Choice | "NONE" = (serving && answers.get(serving.id)) ?? "NONE";
                  return (
                    <div
                      key={seat.number}
                      className={`${styles.seat} ${styles[choice]}`}
                      role="img"
                      aria-label={`${t("seat")} ${seat.number}, ${serving?.name ?? seat.holder.name} (${party}): ${label(choice)}`}
                    >
                      <span>{LETTER[choice]}</span>
                      <span className={styles.seatNumber}>{seat.number}</span>
                    </div>
                  );
                })}
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}

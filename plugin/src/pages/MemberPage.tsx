import { useState } from "react";
import { Button, Card, CardHeader, MessageBar, MessageBarBody, Spinner, Text, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { ConnectionBadge, Counts, ItemCard, Outcome, Stack } from "../components/common.js";
import { ApiError } from "../graphql/client.js";
import { CAST_BALLOT, currentOf, type Choice, type MeetingView, type VoteView } from "../graphql/documents.js";
import { useI18n, type Translate } from "../i18n/i18n.js";
import { useLiveMeeting, useSession } from "../features/session.js";
import { OfflineNotice } from "../components/Offline.js";

const useStyles = makeStyles({
  buttons: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(84px, 1fr))", gap: tokens.spacingHorizontalM },
  // Large touch targets for tablets: well over the 48 px minimum.
  answer: { minHeight: "72px", fontSize: tokens.fontSizeBase500 },
});

const CHOICES: readonly Choice[] = ["YES", "NO", "ABSTAIN"];

/** Why a member cannot vote in this vote, or null when they can. */
function whyNot(meeting: MeetingView, vote: VoteView, memberId: string | null, t: Translate): string | null {
  if (memberId === null) return t("cannotVoteNotMember");
  if (vote.callOrder.some((m) => m.id === memberId)) return null;
  const item = meeting.agenda.find((i) => i.votes.some((v) => v.id === vote.id));
  if (item?.recusals.some((m) => m.id === memberId)) return t("cannotVoteRecused");
  const ownSeat = meeting.seats.find((s) => s.holder.id === memberId);
  if (ownSeat?.servedBy && ownSeat.servedBy.id !== memberId) return t("cannotVoteReplaced", { name: ownSeat.servedBy.name });
  if (ownSeat) return t("cannotVoteAbsent");
  return t("cannotVoteNotServing");
}

export function MemberPage({ meetingId }: { meetingId: string }) {
  const { meeting, status, receivedAt } = useLiveMeeting(meetingId);
  const { t } = useI18n();
  if (!meeting) return <Spinner label={t("loading")} />;
  const { item, vote } = currentOf(meeting);
  return (
    <Stack>
      <Title2 as="h1">{meeting.title}</Title2>
      <ConnectionBadge status={status} />
      <OfflineNotice status={status} receivedAt={receivedAt} member />
      {item ? <ItemCard item={item} /> : <Text>{t("noCurrentItem")}</Text>}
      {vote && <VoteCard meeting={meeting} vote={vote} />}
    </Stack>
  );
}

interface Attempt {
  readonly choice: Choice;
  /** Kept for retries: the same key records the answer once. */
  readonly key: string;
  readonly state: "sending" | "failed";
  readonly message?: string;
}

function VoteCard({ meeting, vote }: { meeting: MeetingView; vote: VoteView }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api, viewer } = useSession();
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const memberId = viewer.member?.id ?? null;
  // What the server has recorded for me: the only source of "recorded".
  const ballot = vote.ballots.find((b) => b.member.id === memberId && !b.superseded) ?? null;
  const recorded = ballot?.choice ?? null;
  const label = (choice: Choice) => t(choice === "YES" ? "yes" : choice === "NO" ? "no" : "abstain");

  const send = async (choice: Choice, key: string) => {
    setAttempt({ choice, key, state: "sending" });
    try {
      await api.request(CAST_BALLOT, { v: vote.id, c: choice, k: key });
      setAttempt(null);
    } catch (error) {
      const message = error instanceof ApiError && error.code === "NETWORK" ? t("noConnection") : error instanceof Error ? error.message : String(error);
      setAttempt({ choice, key, state: "failed", message });
    }
  };
  const handleAnswer = (choice: Choice) => {
    // A retry of the same answer keeps its key; a new answer gets a new one.
    const key = attempt?.state === "failed" && attempt.choice === choice ? attempt.key : crypto.randomUUID();
    void send(choice, key);
  };

  const header = (
    <CardHeader
      header={
        <Text as="h2" size={500} weight="semibold">
          {vote.status === "OPEN" ? t(vote.method === "ROLL_CALL" ? "rollCallOpen" : "voteOpen") : t("result")} – {t("round", { round: vote.round })}
        </Text>
      }
      description={<Text>{vote.question}</Text>}
    />
  );
  const sides = (
    <>
      {vote.yesProposal && <Text>{t("yesSide", { label: vote.yesProposal.label })}</Text>}
      {vote.noProposal && <Text>{t("noSide", { label: vote.noProposal.label })}</Text>}
    </>
  );

  if (vote.status !== "OPEN") {
    return (
      <Card>
        {header}
        <Stack>
          {sides}
          <Outcome vote={vote} />
          {vote.status === "CLOSED" && <Counts vote={vote} />}
        </Stack>
      </Card>
    );
  }
  const blocked = whyNot(meeting, vote, memberId, t);
  return (
    <Card>
      {header}
      <Stack>
        {sides}
        {blocked ? (
          <MessageBar intent="info">
            <MessageBarBody>{blocked}</MessageBarBody>
          </MessageBar>
        ) : (
          <>
            <div className={styles.buttons} role="group" aria-label={vote.question}>
              {CHOICES.map((choice) => (
                <Button
                  key={choice}
                  className={styles.answer}
                  size="large"
                  appearance={recorded === choice ? "primary" : "secondary"}
                  aria-pressed={recorded === choice}
                  disabled={attempt?.state === "sending"}
                  onClick={() => handleAnswer(choice)}
                >
                  {label(choice)}
                </Button>
              ))}
            </div>
            <div role="status" aria-live="polite">
              {attempt?.state === "sending" && <Spinner size="tiny" label={t("sending")} />}
              {attempt?.state !== "sending" && recorded && (
                <MessageBar intent="success">
                  <MessageBarBody>
                    {ballot?.source === "CLERK" ? t("recordedByClerk", { choice: label(recorded) }) : t("recorded", { choice: label(recorded) })}
                  </MessageBarBody>
                </MessageBar>
              )}
            </div>
            {attempt?.state === "failed" && (
              <MessageBar intent="error" role="alert">
                <MessageBarBody>{t("notRecorded", { message: attempt.message ?? "" })}</MessageBarBody>
              </MessageBar>
            )}
            <Text size={200}>{t("changeUntilClose")}</Text>
          </>
        )}
        <Text>{t("votesCast", { count: vote.tally.eligible - vote.tally.notVoted, eligible: vote.tally.eligible })}</Text>
      </Stack>
    </Card>
  );
}

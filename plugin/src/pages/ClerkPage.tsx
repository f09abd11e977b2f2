import { Card, MessageBar, MessageBarBody, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { Counts, ItemCard } from "../components/common.js";
import { MeetingHeader } from "../components/MeetingHeader.js";
import { Attendance } from "../components/Attendance.js";
import { BallotRecorder } from "../components/BallotRecorder.js";
import { ClosedVote } from "../components/VoteControl.js";
import { VoteInfo } from "../components/VoteInfo.js";
import { RecusalForm } from "../components/RecusalForm.js";
import { ProposalForm } from "../components/ProposalForm.js";
import { HandCountForm } from "../components/HandCountForm.js";
import { DecisionForm } from "../components/DecisionForm.js";
import { currentOf, focusVoteOf, type ItemView, type MeetingView } from "../graphql/documents.js";
import { useI18n } from "../i18n/i18n.js";
import { useLiveMeeting, useSession } from "../features/session.js";
import { OfflineNotice, OutboxPanel, useOutbox } from "../components/Offline.js";
import { PaperKitButtons } from "../components/PaperKit.js";
import { AgendaList } from "../components/AgendaList.js";
import { AgendaItemAddForm } from "../components/AgendaItemForm.js";
import { Presiding } from "../components/Presiding.js";

const useStyles = makeStyles({
  heading: { margin: 0 },
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  grid: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr)",
    gap: tokens.spacingVerticalL,
    alignItems: "start",
    "@media (min-width: 900px)": { gridTemplateColumns: "repeat(2, minmax(0, 1fr))", columnGap: tokens.spacingHorizontalL },
  },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

/**
 * The clerk's desk: attendance, jäv, proposals, answers on members' behalf, the hand count and the
 * decision. It keeps working from the last known state while the API cannot be reached: hand counts
 * entered then wait in the outbox and are sent when it answers again.
 */
export function ClerkPage({ meetingId }: { meetingId: string }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { meeting, status, receivedAt } = useLiveMeeting(meetingId);
  if (!meeting) return <Spinner label={t("loading")} />;
  const { item } = currentOf(meeting);
  return (
    <div className={styles.page}>
      <MeetingHeader meeting={meeting} status={status} />
      <OfflineNotice status={status} receivedAt={receivedAt} />
      <OutboxPanel meetingId={meeting.id} />
      {item ? <CurrentItemDesk meeting={meeting} item={item} /> : null}
      <div className={styles.grid}>
        <Card>
          <Presiding meeting={meeting} />
        </Card>
        <Card>
          <AgendaList meeting={meeting} readOnly />
        </Card>
        {meeting.status === "OPEN" && (
          <Card>
            <AgendaItemAddForm meeting={meeting} />
          </Card>
        )}
      </div>
      <Card>
        <Attendance meeting={meeting} />
      </Card>
      <Card>
        <PaperKitButtons meetingId={meeting.id} />
      </Card>
    </div>
  );
}

function CurrentItemDesk({ meeting, item }: { meeting: MeetingView; item: ItemView }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { viewer } = useSession();
  const open = item.votes.find((v) => v.status === "OPEN") ?? null;
  // A count for the open vote already waits in the outbox: a second one would only be refused.
  const waiting = useOutbox().some((e) => open !== null && e.variables.voteId === open.id && (e.state === "queued" || e.state === "sending"));
  const latest = focusVoteOf(item);
  const meetingOpen = meeting.status === "OPEN";
  return (
    <div className={styles.grid}>
      <ItemCard item={item} />
      <Card>
        <section className={styles.section} aria-label={t("recordAnswer")}>
          <Text className={styles.heading} as="h2" size={500} weight="semibold">
            {t("recordAnswer")}
          </Text>
          {open ? (
            <>
              <VoteInfo vote={open} />
              <Counts vote={open} />
              <BallotRecorder vote={open} selfMemberId={viewer.member?.id ?? null} picker />
            </>
          ) : (
            <>
              <Text>{t("noOpenVote")}</Text>
              {latest && <ClosedVote vote={latest} chair={false} />}
            </>
          )}
        </section>
      </Card>
      {meetingOpen && item.decision === null && (
        <Card>
          {waiting ? (
            <MessageBar intent="warning" role="status">
              <MessageBarBody>{t("handCountWaiting")}</MessageBarBody>
            </MessageBar>
          ) : (
            <HandCountForm key={open ? open.id : `${item.id}:${item.votes.length}`} meeting={meeting} item={item} openVote={open} />
          )}
        </Card>
      )}
      {meetingOpen && (
        <Card>
          <DecisionForm key={item.id} item={item} />
        </Card>
      )}
      <Card>
        <RecusalForm key={item.id} meeting={meeting} item={item} />
      </Card>
      {item.decision === null && (
        <Card>
          <ProposalForm key={item.id} item={item} />
        </Card>
      )}
    </div>
  );
}

import { useState } from "react";
import {
  Button,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles, mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { ErrorBar, useAction } from "../components/common.js";
import { MeetingHeader } from "../components/MeetingHeader.js";
import { Attendance } from "../components/Attendance.js";
import { AgendaList } from "../components/AgendaList.js";
import { OpenVoteForm } from "../components/OpenVoteForm.js";
import { Presiding } from "../components/Presiding.js";
import { AgendaItemAddForm } from "../components/AgendaItemForm.js";
import { personLabel } from "../components/Attendance.js";
import { ClosedVote, OpenVotePanel } from "../components/VoteControl.js";
import { CLOSE_MEETING, OPEN_MEETING, currentOf, focusVoteOf, type MeetingView, type VoteView } from "../graphql/documents.js";
import { useI18n, type Translate } from "../i18n/i18n.js";
import { presides, useLiveMeeting, useSession } from "../features/session.js";

const useStyles = makeStyles({
  heading: { margin: 0 },
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  grid: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr)",
    gap: tokens.spacingVerticalL,
    alignItems: "start",
    "@media (min-width: 900px)": { gridTemplateColumns: "minmax(0, 3fr) minmax(0, 2fr)", columnGap: tokens.spacingHorizontalL },
  },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  title: { overflowWrap: "anywhere" },
  rounds: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/**
 * The chair's screen: open and close the meeting, the roll-call, the agenda and the votes, who
 * presides and an extra item. The controls are for whoever presides over this meeting (a vice chair
 * who took the chair); the chair who is away sees the meeting and who presides.
 */
export function ChairPage({ meetingId }: { meetingId: string }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api, viewer } = useSession();
  const { meeting, status } = useLiveMeeting(meetingId);
  const { busy, error, run } = useAction();
  if (!meeting) return <Spinner label={t("loading")} />;

  const leads = presides(viewer, meeting);
  const handleOpenMeeting = () => void run(() => api.request(OPEN_MEETING, { m: meeting.id }));

  return (
    <div className={styles.page}>
      <MeetingHeader meeting={meeting} status={status}>
        {leads && meeting.status === "SCHEDULED" && (
          <Button appearance="primary" size="large" disabled={busy} onClick={handleOpenMeeting}>
            {t("openMeeting")}
          </Button>
        )}
        {leads && meeting.status === "OPEN" && <CloseMeetingDialog meeting={meeting} />}
      </MeetingHeader>
      {!leads && meeting.presiding && (
        <MessageBar intent="info">
          <MessageBarBody>{t("notPresiding", { name: personLabel(meeting.presiding, t) })}</MessageBarBody>
        </MessageBar>
      )}
      <ErrorBar error={error} />
      <div className={styles.grid}>
        {leads && (
          <Card>
            <CurrentVote meeting={meeting} />
          </Card>
        )}
        <Card>
          <AgendaList meeting={meeting} readOnly={!leads} />
        </Card>
      </div>
      <div className={styles.grid}>
        <Card>
          <Presiding meeting={meeting} />
        </Card>
        {leads && meeting.status === "OPEN" && (
          <Card>
            <AgendaItemAddForm meeting={meeting} />
          </Card>
        )}
      </div>
      {leads && (
        <Card>
          <Attendance meeting={meeting} />
        </Card>
      )}
    </div>
  );
}

/** An earlier round in one line: who won, or why it was cancelled. */
function roundSummary(vote: VoteView, t: Translate): string {
  if (vote.status === "CANCELLED") return t("cancelled", { reason: vote.cancelReason ?? "" });
  if (!vote.result) return "";
  const { outcome } = vote.result;
  const side = outcome === "YES" ? vote.yesProposal?.label : outcome === "NO" ? vote.noProposal?.label : undefined;
  return `${t(outcome === "YES" ? "outcomeYES" : outcome === "NO" ? "outcomeNO" : "outcomeTIE")}${side ? `: ${side}` : ""} (${vote.result.yes}–${vote.result.no}–${vote.result.abstain})`;
}

/** The current item: its open vote, else its latest result and the form for the next vote. */
function CurrentVote({ meeting }: { meeting: MeetingView }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { viewer } = useSession();
  const { item } = currentOf(meeting);
  if (!item) {
    return <Text>{meeting.status === "OPEN" ? t("pickItem") : t("noCurrentItem")}</Text>;
  }
  const open = item.votes.find((v) => v.status === "OPEN");
  const latest = focusVoteOf(item);
  const earlier = item.votes.filter((v) => v !== latest && v.status !== "OPEN");
  const selfMemberId = viewer.member?.id ?? null;
  return (
    <section className={styles.section} aria-label={t("currentItem")}>
      <Text as="h2" size={500} weight="semibold" className={mergeClasses(styles.heading, styles.title)}>
        § {item.number} {item.title}
      </Text>
      {earlier.length > 0 && (
        <section aria-label={t("earlierRounds")}>
          <Text weight="semibold">{t("earlierRounds")}</Text>
          <ul className={styles.rounds}>
            {earlier.map((v) => (
              <li key={v.id}>
                {t("round", { round: v.round })}: {roundSummary(v, t)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {open ? (
        <OpenVotePanel vote={open} selfMemberId={selfMemberId} />
      ) : (
        <>
          {latest && <ClosedVote vote={latest} chair />}
          {item.decision !== null ? (
            <Text>
              <strong>{t("decision")}:</strong> {item.decision}
            </Text>
          ) : (
            <OpenVoteForm key={`${item.id}:${item.votes.length}`} meeting={meeting} item={item} />
          )}
        </>
      )}
    </section>
  );
}

/** Closing the meeting ends it for the day, so it is confirmed first. */
function CloseMeetingDialog({ meeting }: { meeting: MeetingView }) {
  const { t } = useI18n();
  const { api } = useSession();
  const { busy, error, run, clearError } = useAction();
  const [open, setOpen] = useState(false);
  const voteOpen = meeting.agenda.some((i) => i.votes.some((v) => v.status === "OPEN"));

  const handleOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) clearError();
  };
  const handleClose = async () => {
    if (await run(() => api.request(CLOSE_MEETING, { m: meeting.id }))) setOpen(false);
  };

  return (
    <Dialog open={open} onOpenChange={(_e, data) => handleOpenChange(data.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button size="large" disabled={voteOpen}>
          {t("closeMeeting")}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t("closeMeeting")}</DialogTitle>
          <DialogContent>
            <Text as="p">{t("closeMeetingConfirm")}</Text>
            <ErrorBar error={error} />
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button appearance="secondary">{t("back")}</Button>
            </DialogTrigger>
            <Button appearance="primary" disabled={busy} onClick={() => void handleClose()}>
              {t("closeMeeting")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

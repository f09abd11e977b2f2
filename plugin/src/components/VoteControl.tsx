import { useState, type FormEvent } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { CANCEL_VOTE, CAST_BALLOT, CLOSE_VOTE, RESOLVE_TIE, type Choice, type VoteView } from "../graphql/documents.js";
import { useI18n } from "../i18n/i18n.js";
import { useSession } from "../features/session.js";
import { Counts, ErrorBar, Outcome, choiceKey, useAction } from "./common.js";
import { BallotRecorder } from "./BallotRecorder.js";
import { personLabel } from "./Attendance.js";
import { AnswerBadge, VoteInfo, answersOf } from "./VoteInfo.js";

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  buttons: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(80px, 1fr))", gap: tokens.spacingHorizontalS },
  answer: { minHeight: "56px", fontSize: tokens.fontSizeBase500 },
  names: { margin: 0, paddingLeft: tokens.spacingHorizontalL, columnWidth: "200px", columnGap: tokens.spacingHorizontalL },
});

/**
 * The chair's view of an open vote: live counts, who has not answered, the roll-call recorder (or
 * the chair's own answer in an electronic vote), Close and Cancel.
 */
export function OpenVotePanel({ vote, selfMemberId }: { vote: VoteView; selfMemberId: string | null }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const { busy, error, run } = useAction();
  const answers = answersOf(vote);
  const waiting = vote.callOrder.filter((m) => !answers.has(m.id));
  const chairVotes = selfMemberId !== null && vote.callOrder.some((m) => m.id === selfMemberId);

  const handleClose = () => void run(() => api.request(CLOSE_VOTE, { v: vote.id }));

  return (
    <section className={styles.panel} aria-label={t("voteOpen")}>
      <VoteInfo vote={vote} />
      <Counts vote={vote} />
      {vote.method === "ROLL_CALL" ? (
        <BallotRecorder vote={vote} selfMemberId={selfMemberId} picker={false} />
      ) : (
        <>
          {chairVotes && selfMemberId !== null && <OwnAnswer vote={vote} current={answers.get(selfMemberId) ?? null} />}
          <section aria-label={t("waitingFor", { count: waiting.length })}>
            <Text weight="semibold">{t("waitingFor", { count: waiting.length })}</Text>
            {waiting.length === 0 ? (
              <Text as="p">{t("everyoneAnswered")}</Text>
            ) : (
              <ul className={styles.names}>
                {waiting.map((m) => (
                  <li key={m.id}>{personLabel(m, t)}</li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
      <ErrorBar error={error} />
      <div className={styles.actions}>
        <Button appearance="primary" size="large" disabled={busy} onClick={handleClose}>
          {t("closeVote")}
        </Button>
        <CancelVoteDialog vote={vote} />
      </div>
    </section>
  );
}

/** The chair's own answer in an electronic vote (castBallot). */
function OwnAnswer({ vote, current }: { vote: VoteView; current: Choice | null }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const { busy, error, run } = useAction();
  const handleAnswer = (choice: Choice) => void run(() => api.request(CAST_BALLOT, { v: vote.id, c: choice, k: crypto.randomUUID() }));
  return (
    <section className={styles.panel} aria-label={t("yourAnswer")}>
      <Text weight="semibold">
        {t("yourAnswer")} <AnswerBadge choice={current} />
      </Text>
      <div className={styles.buttons} role="group" aria-label={t("yourAnswer")}>
        {CHOICES.map((choice) => (
          <Button
            key={choice}
            size="large"
            className={styles.answer}
            appearance={current === choice ? "primary" : "secondary"}
            aria-pressed={current === choice}
            disabled={busy}
            onClick={() => handleAnswer(choice)}
          >
            {t(choiceKey(choice))}
          </Button>
        ))}
      </div>
      <ErrorBar error={error} />
    </section>
  );
}

/** Cancelling a vote needs a reason, asked for in a dialog. */
function CancelVoteDialog({ vote }: { vote: VoteView }) {
  const { t } = useI18n();
  const { api } = useSession();
  const { busy, error, run, clearError } = useAction();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const missing = reason.trim() === "";

  const handleOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setSubmitted(false);
      clearError();
    }
  };
  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (missing) return;
    if (await run(() => api.request(CANCEL_VOTE, { v: vote.id, r: reason.trim() }))) setOpen(false);
  };

  return (
    <Dialog open={open} onOpenChange={(_e, data) => handleOpenChange(data.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button size="large">{t("cancelVote")}</Button>
      </DialogTrigger>
      <DialogSurface>
        <form onSubmit={(e) => void handleSubmit(e)} noValidate>
          <DialogBody>
            <DialogTitle>{t("cancelVote")}</DialogTitle>
            <DialogContent>
              <Text as="p">{t("cancelVoteHelp")}</Text>
              <Field label={t("reason")} required validationState={submitted && missing ? "error" : "none"} validationMessage={submitted && missing ? t("required") : null}>
                <Textarea value={reason} onChange={(_e, data) => setReason(data.value)} />
              </Field>
              <ErrorBar error={error} />
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button appearance="secondary">{t("back")}</Button>
              </DialogTrigger>
              <Button type="submit" appearance="primary" disabled={busy}>
                {t("cancelVote")}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** A closed or cancelled vote: the outcome and counts; a tie the chair must decide (resolveTie). */
export function ClosedVote({ vote, chair }: { vote: VoteView; chair: boolean }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const { busy, error, run } = useAction();
  const tie = vote.status === "CLOSED" && vote.result?.outcome === "TIE";
  const handleResolve = (choice: Choice) => void run(() => api.request(RESOLVE_TIE, { v: vote.id, c: choice }));
  return (
    <section className={styles.panel} aria-label={t("result")}>
      <VoteInfo vote={vote} />
      <Outcome vote={vote} />
      {vote.status === "CLOSED" && <Counts vote={vote} />}
      {tie && chair && (
        <section className={styles.panel} aria-label={t("decideTie")}>
          <Text weight="semibold" size={500}>
            {t("decideTie")}
          </Text>
          <Text>{t("decideTieHelp")}</Text>
          <div className={styles.buttons}>
            {TIE_CHOICES.map((choice) => (
              <Button key={choice} size="large" className={styles.answer} appearance="primary" disabled={busy} onClick={() => handleResolve(choice)}>
                {t(choiceKey(choice))}
              </Button>
            ))}
          </div>
          <ErrorBar error={error} />
        </section>
      )}
    </section>
  );
}

const CHOICES: readonly Choice[] = ["YES", "NO", "ABSTAIN"];
const TIE_CHOICES: readonly Choice[] = ["YES", "NO"];

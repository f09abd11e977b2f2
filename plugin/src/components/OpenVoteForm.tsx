import { useId, useState, type FormEvent } from "react";
import { Button, Dropdown, Field, Input, MessageBar, MessageBarBody, Option, Radio, RadioGroup, Text, makeStyles, tokens } from "@fluentui/react-components";
import { OPEN_VOTE, type ItemView, type Majority, type MeetingView, type ProposalView, type VoteMethod } from "../graphql/documents.js";
import { useI18n, type Translate } from "../i18n/i18n.js";
import { useSession } from "../features/session.js";
import { ErrorBar, useAction } from "./common.js";

const METHODS = ["ELECTRONIC", "ROLL_CALL"] as const satisfies readonly VoteMethod[];
const MAJORITIES = ["SIMPLE", "TWO_THIRDS_OF_PRESENT"] as const satisfies readonly Majority[];

const useStyles = makeStyles({
  heading: { margin: 0 },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  dropdown: { minWidth: 0, width: "100%" },
});

/** Why no vote can be opened on the item now, or null. */
export function whyNoVote(meeting: MeetingView, item: ItemView, t: Translate): string | null {
  if (meeting.status !== "OPEN") return t("meetingNotOpen");
  if (item.decision !== null) return t("itemDecided");
  if (meeting.agenda.some((i) => i.votes.some((v) => v.status === "OPEN"))) return t("voteAlreadyOpen");
  if (item.votes.some((v) => v.status === "CLOSED" && v.result?.outcome === "TIE")) return t("tiePending");
  if (!meeting.quorum.met) return t("quorumMissing");
  return null;
}

/** The question a vote between two proposals puts ("Ja för …, nej för …"). */
function questionFor(yes: ProposalView | undefined, no: ProposalView | undefined, t: Translate): string {
  if (yes && no) return t("questionTemplate", { yes: yes.label, no: no.label });
  if (yes) return t("questionYesOnly", { yes: yes.label });
  return "";
}

/**
 * The chair opens a vote on the current item: method, question, the Ja and Nej proposals (those
 * still in play) and the majority. Keyed by the item and its number of votes, so each new round
 * starts from fresh defaults.
 */
export function OpenVoteForm({ meeting, item }: { meeting: MeetingView; item: ItemView }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const { busy, error, run } = useAction();
  const inPlay = new Set(item.remainingProposals.map((p) => p.id));
  const remaining = item.proposals.filter((p) => inPlay.has(p.id));
  const [method, setMethod] = useState<VoteMethod>("ELECTRONIC");
  const [yesId, setYesId] = useState<string | null>(remaining[0]?.id ?? null);
  const [noId, setNoId] = useState<string | null>(remaining[1]?.id ?? null);
  // The assembly's default majority to start from (its procedure), the chair's choice after.
  const [majority, setMajority] = useState<Majority>(meeting.assembly.settings.defaultMajority);
  // null: follows the chosen proposals; once typed in, the chair's own words.
  const [typedQuestion, setTypedQuestion] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const headingId = useId();

  const yes = remaining.find((p) => p.id === yesId);
  const no = remaining.find((p) => p.id === noId);
  const question = typedQuestion ?? questionFor(yes, no, t);
  const questionError = question.trim() === "" ? t("required") : null;
  const sidesError = yesId !== null && yesId === noId ? t("sameProposal") : null;
  const blocked = whyNoVote(meeting, item, t);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (questionError || sidesError || blocked) return;
    void run(() =>
      api.request(OPEN_VOTE, {
        in: { itemId: item.id, method, question: question.trim(), yesProposalId: yes?.id ?? null, noProposalId: no?.id ?? null, majority },
      }),
    );
  };

  const proposalPicker = (label: string, chosen: ProposalView | undefined, onPick: (id: string | null) => void) => (
    <Field label={label}>
      <Dropdown
        className={styles.dropdown}
        value={chosen ? chosen.label : t("none")}
        selectedOptions={[chosen?.id ?? ""]}
        onOptionSelect={(_e, data) => onPick(data.optionValue ? data.optionValue : null)}
      >
        <Option value="" text={t("none")}>
          {t("none")}
        </Option>
        {remaining.map((p) => (
          <Option key={p.id} value={p.id} text={p.label}>
            {p.label}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );

  return (
    <form className={styles.form} onSubmit={handleSubmit} aria-labelledby={headingId} noValidate>
      <Text className={styles.heading} as="h3" id={headingId} size={400} weight="semibold">
        {t("openVoteTitle")}
      </Text>
      {blocked && (
        <MessageBar intent="warning">
          <MessageBarBody>{blocked}</MessageBarBody>
        </MessageBar>
      )}
      <Field label={t("method")}>
        <RadioGroup value={method} onChange={(_e, data) => setMethod(METHODS.find((m) => m === data.value) ?? "ELECTRONIC")}>
          {METHODS.map((m) => (
            <Radio key={m} value={m} label={t(`method${m}`)} />
          ))}
        </RadioGroup>
      </Field>
      {proposalPicker(t("yesProposal"), yes, setYesId)}
      {proposalPicker(t("noProposal"), no, setNoId)}
      {sidesError && submitted && (
        <MessageBar intent="error">
          <MessageBarBody>{sidesError}</MessageBarBody>
        </MessageBar>
      )}
      <Field label={t("question")} required validationState={submitted && questionError ? "error" : "none"} validationMessage={submitted ? questionError : null}>
        <Input value={question} onChange={(_e, data) => setTypedQuestion(data.value)} />
      </Field>
      <Field label={t("majority")}>
        <RadioGroup value={majority} onChange={(_e, data) => setMajority(MAJORITIES.find((m) => m === data.value) ?? "SIMPLE")}>
          {MAJORITIES.map((m) => (
            <Radio key={m} value={m} label={t(`majority${m}`)} />
          ))}
        </RadioGroup>
      </Field>
      <ErrorBar error={error} />
      <div>
        <Button type="submit" appearance="primary" size="large" disabled={busy || blocked !== null}>
          {t("openVote")}
        </Button>
      </div>
    </form>
  );
}

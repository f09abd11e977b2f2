import { useId, useState, type FormEvent } from "react";
import { Button, Field, MessageBar, MessageBarBody, Text, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { RECORD_DECISION, type ItemView } from "../graphql/documents.js";
import { useI18n } from "../i18n/i18n.js";
import { useSession } from "../features/session.js";
import { ErrorBar, useAction } from "./common.js";

const useStyles = makeStyles({
  heading: { margin: 0 },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

/**
 * The text the decision starts from: the one recorded, else the adopted proposal, else the Ja side
 * of the latest vote that names one, else the item's only proposal. The meeting view names a vote's sides by label
 * only, so the proposal is found by its label.
 */
export function decisionDraft(item: ItemView): string {
  if (item.decision !== null) return item.decision;
  const byLabel = (label: string | undefined) => item.proposals.find((p) => p.label === label);
  const decided = item.votes.filter((v) => v.status === "CLOSED" && v.result !== null && v.result.outcome !== "TIE");
  const last = decided.at(-1);
  const [onlyLeft] = item.remainingProposals;
  if (last?.result && item.remainingProposals.length === 1 && onlyLeft) {
    const winner = byLabel(last.result.outcome === "YES" ? last.yesProposal?.label : last.noProposal?.label);
    if (winner?.id === onlyLeft.id) return winner.text;
  }
  // A vote held on paper names no proposals: the latest vote that did.
  const yes = byLabel(item.votes.findLast((v) => v.status !== "CANCELLED" && v.yesProposal !== null)?.yesProposal?.label);
  if (yes) return yes.text;
  const [only] = item.proposals;
  return item.proposals.length === 1 && only ? only.text : "";
}

/** The item's decision as it goes into the minutes (recordDecision). */
export function DecisionForm({ item }: { item: ItemView }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const { busy, error, run } = useAction();
  const headingId = useId();
  // null: follows the live item (the recorded decision or a proposal); once typed in, the clerk's words.
  const [draft, setDraft] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [saved, setSaved] = useState(false);
  const text = draft ?? decisionDraft(item);
  const missing = text.trim() === "";
  const voteOpen = item.votes.some((v) => v.status === "OPEN");

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setSaved(false);
    if (missing) return;
    if (await run(() => api.request(RECORD_DECISION, { i: item.id, t: text.trim() }))) {
      setDraft(null);
      setSubmitted(false);
      setSaved(true);
    }
  };

  return (
    <form className={styles.form} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <Text className={styles.heading} as="h2" id={headingId} size={500} weight="semibold">
        {t("decision")} – § {item.number}
      </Text>
      <Field label={t("decisionText")} required validationState={submitted && missing ? "error" : "none"} validationMessage={submitted && missing ? t("required") : null}>
        <Textarea
          value={text}
          resize="vertical"
          rows={4}
          onChange={(_e, data) => {
            setDraft(data.value);
            setSaved(false);
          }}
        />
      </Field>
      {voteOpen && <Text>{t("decisionLockedVote")}</Text>}
      {saved && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{t("saved")}</MessageBarBody>
        </MessageBar>
      )}
      <ErrorBar error={error} />
      <div>
        <Button type="submit" appearance="primary" disabled={busy || voteOpen}>
          {t("saveDecision")}
        </Button>
      </div>
    </form>
  );
}

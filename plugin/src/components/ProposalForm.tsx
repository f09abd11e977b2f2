import { useId, useState, type FormEvent } from "react";
import { Button, Field, Input, Text, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { ADD_PROPOSAL, type ItemView } from "../graphql/documents.js";
import { useI18n } from "../i18n/i18n.js";
import { useSession } from "../features/session.js";
import { ErrorBar, useAction } from "./common.js";

const useStyles = makeStyles({
  heading: { margin: 0 },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

/** A new proposal (yrkande) on the current item: label and text required, who proposed it optional. */
export function ProposalForm({ item }: { item: ItemView }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const { busy, error, run } = useAction();
  const headingId = useId();
  const [label, setLabel] = useState("");
  const [text, setText] = useState("");
  const [proposedBy, setProposedBy] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const labelMissing = label.trim() === "";
  const textMissing = text.trim() === "";
  const voteOpen = item.votes.some((v) => v.status === "OPEN");

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (labelMissing || textMissing) return;
    const by = proposedBy.trim();
    if (await run(() => api.request(ADD_PROPOSAL, { i: item.id, l: label.trim(), t: text.trim(), by: by === "" ? null : by }))) {
      setLabel("");
      setText("");
      setProposedBy("");
      setSubmitted(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <Text className={styles.heading} as="h2" id={headingId} size={500} weight="semibold">
        {t("addProposal")} – § {item.number}
      </Text>
      <Field label={t("label")} required validationState={submitted && labelMissing ? "error" : "none"} validationMessage={submitted && labelMissing ? t("required") : null}>
        <Input value={label} onChange={(_e, data) => setLabel(data.value)} />
      </Field>
      <Field label={t("text")} required validationState={submitted && textMissing ? "error" : "none"} validationMessage={submitted && textMissing ? t("required") : null}>
        <Textarea value={text} onChange={(_e, data) => setText(data.value)} resize="vertical" />
      </Field>
      <Field label={t("proposedByLabel")}>
        <Input value={proposedBy} onChange={(_e, data) => setProposedBy(data.value)} />
      </Field>
      {voteOpen && <Text>{t("proposalLockedVote")}</Text>}
      <ErrorBar error={error} />
      <div>
        <Button type="submit" appearance="primary" disabled={busy || voteOpen || item.decision !== null}>
          {t("addProposal")}
        </Button>
      </div>
    </form>
  );
}

import { useId, useState, type FormEvent } from "react";
import { Button, Dropdown, Field, Option, Text, makeStyles, tokens } from "@fluentui/react-components";
import { DECLARE_RECUSAL, type ItemView, type MeetingView, type MemberRef } from "../graphql/documents.js";
import { useI18n } from "../i18n/i18n.js";
import { useSession } from "../features/session.js";
import { ErrorBar, useAction } from "./common.js";
import { personLabel } from "./Attendance.js";

const useStyles = makeStyles({
  heading: { margin: 0 },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  dropdown: { minWidth: 0, width: "100%" },
});

/** Ordinary members in seat order, then the substitutes by party and rank. */
function rollOrder(members: readonly MemberRef[]): MemberRef[] {
  const ordinary = members.filter((m) => m.kind === "ORDINARY").sort((a, b) => (a.seat ?? 0) - (b.seat ?? 0));
  const substitutes = members.filter((m) => m.kind === "SUBSTITUTE").sort((a, b) => a.party.localeCompare(b.party) || a.name.localeCompare(b.name));
  return [...ordinary, ...substitutes];
}

/** Jäv on the current item: the members who declared it, and declaring it for another. */
export function RecusalForm({ meeting, item }: { meeting: MeetingView; item: ItemView }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const { busy, error, run } = useAction();
  const headingId = useId();
  const [memberId, setMemberId] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const recused = new Set(item.recusals.map((m) => m.id));
  const candidates = rollOrder(meeting.assembly.members).filter((m) => !recused.has(m.id));
  const chosen = candidates.find((m) => m.id === memberId);
  const voteOpen = item.votes.some((v) => v.status === "OPEN");

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!chosen) return;
    if (await run(() => api.request(DECLARE_RECUSAL, { i: item.id, id: chosen.id }))) {
      setMemberId(null);
      setSubmitted(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <Text className={styles.heading} as="h2" id={headingId} size={500} weight="semibold">
        {t("recusal")} – § {item.number}
      </Text>
      {item.recusals.length === 0 ? (
        <Text>{t("noRecusals")}</Text>
      ) : (
        <ul className={styles.list} aria-label={t("recusalsDeclared")}>
          {item.recusals.map((m) => (
            <li key={m.id}>{personLabel(m, t)}</li>
          ))}
        </ul>
      )}
      <Field
        label={t("member")}
        required
        validationState={submitted && !chosen ? "error" : "none"}
        validationMessage={submitted && !chosen ? t("required") : null}
      >
        <Dropdown
          className={styles.dropdown}
          placeholder={t("pickMember")}
          value={chosen ? personLabel(chosen, t) : ""}
          selectedOptions={chosen ? [chosen.id] : []}
          onOptionSelect={(_e, data) => setMemberId(data.optionValue ?? null)}
        >
          {candidates.map((m) => {
            const text = m.seat !== null ? `${m.seat}. ${personLabel(m, t)}` : personLabel(m, t);
            return (
              <Option key={m.id} value={m.id} text={text}>
                {text}
              </Option>
            );
          })}
        </Dropdown>
      </Field>
      {voteOpen && <Text>{t("recusalLockedVote")}</Text>}
      <ErrorBar error={error} />
      <div>
        <Button type="submit" appearance="primary" disabled={busy || voteOpen || item.decision !== null}>
          {t("declareRecusal")}
        </Button>
      </div>
    </form>
  );
}

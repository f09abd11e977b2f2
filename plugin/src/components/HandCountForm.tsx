import { useId, useState, type FormEvent } from "react";
import { Button, Field, Input, MessageBar, MessageBarBody, Radio, RadioGroup, Select, Text, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { type ItemView, type Majority, type MeetingView, type VoteView } from "../graphql/documents.js";
import { useI18n, type Translate } from "../i18n/i18n.js";
import { useSession } from "../features/session.js";
import { OutboxStorageError, type HandCountVariables } from "../features/outbox.js";
import { ErrorBar } from "./common.js";

const MAJORITIES = ["SIMPLE", "TWO_THIRDS_OF_PRESENT"] as const satisfies readonly Majority[];

const useStyles = makeStyles({
  heading: { margin: 0 },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  counts: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(90px, 1fr))", gap: tokens.spacingHorizontalS },
  // Fluent's Input sizes itself to its content; in the grid it takes the cell's width.
  number: { width: "100%", minWidth: 0 },
  numberInput: { minWidth: 0, width: "100%" },
});

/** Now as the value of an <input type="datetime-local"> (local time, to the minute). */
function localNow(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A whole number, 0 or more, or null. */
function wholeNumber(value: string): number | null {
  const trimmed = value.trim();
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : null;
}

interface Problems {
  readonly yes?: string;
  readonly no?: string;
  readonly abstain?: string;
  readonly sum?: string;
  readonly countedAt?: string;
  readonly reason?: string;
  readonly question?: string;
}

interface Values {
  readonly yes: string;
  readonly no: string;
  readonly abstain: string;
  readonly countedAt: string;
  readonly reason: string;
  readonly question: string;
}

/** `eligible` null: not known here (a paper vote on an earlier item; the server checks the sum). */
function problemsOf(values: Values, eligible: number | null, paper: boolean, t: Translate): Problems {
  const yes = wholeNumber(values.yes);
  const no = wholeNumber(values.no);
  const abstain = wholeNumber(values.abstain);
  const sum = (yes ?? 0) + (no ?? 0) + (abstain ?? 0);
  const at = Date.parse(values.countedAt);
  return {
    yes: yes === null ? t("mustBeNumber") : undefined,
    no: no === null ? t("mustBeNumber") : undefined,
    abstain: abstain === null ? t("mustBeNumber") : undefined,
    sum: eligible !== null && sum > eligible ? t("sumTooHigh", { sum, eligible }) : undefined,
    countedAt: Number.isNaN(at) ? t("required") : at > Date.now() ? t("countedInFuture") : undefined,
    reason: values.reason.trim() === "" ? t("required") : undefined,
    question: paper && values.question.trim() === "" ? t("required") : undefined,
  };
}

const EMPTY: Values = { yes: "", no: "", abstain: "0", countedAt: "", reason: "", question: "" };

/**
 * The manual fallback (RULES.md 14): Ja, Nej and Avstår as counted in the room, when, and why. It
 * replaces the open vote's result, or records a vote held on paper on the current item.
 *
 * Every count goes through the outbox with a new idempotency key: written to this browser first,
 * then sent. When the server cannot be reached the count stays queued (and the clerk is told so)
 * and is sent when it answers again, never recorded twice. When the server refuses it, nothing was
 * recorded: the form keeps the values to correct. Keyed by the vote (or item and its votes) so each
 * count starts fresh.
 */
export function HandCountForm({ meeting, item, openVote }: { meeting: MeetingView; item: ItemView; openVote: VoteView | null }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { outbox } = useSession();
  const headingId = useId();
  const [values, setValues] = useState<Values>({ ...EMPTY, countedAt: localNow() });
  // The assembly's default majority to start from (its procedure), the chair's choice after.
  const [majority, setMajority] = useState<Majority>(meeting.assembly.settings.defaultMajority);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [queued, setQueued] = useState(false);
  const paper = openVote === null;
  // A vote held on paper may be entered afterwards on an earlier item (RULES.md 14): the server
  // counts who served on it then, and places it by when it was counted.
  const [paperItemId, setPaperItemId] = useState(item.id);
  const target = (paper ? meeting.agenda.find((i) => i.id === paperItemId) : null) ?? item;
  // A paper vote is counted among the members serving now (the server freezes that list).
  const eligible = openVote ? openVote.tally.eligible : target.id === item.id ? meeting.quorum.present : null;
  const problems = problemsOf(values, eligible, paper, t);
  const invalid = Object.values(problems).some((p) => p !== undefined);

  const set = (field: keyof Values) => (_e: unknown, data: { value: string }) => {
    setValues((v) => ({ ...v, [field]: data.value }));
  };
  const fieldState = (problem: string | undefined): { validationState: "error" | "none"; validationMessage?: string } =>
    submitted && problem ? { validationState: "error", validationMessage: problem } : { validationState: "none" };

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (invalid || busy) return;
    const variables: HandCountVariables = {
      voteId: openVote?.id ?? null,
      itemId: openVote ? null : target.id,
      question: paper ? values.question.trim() : null,
      ...(paper ? { majority } : {}),
      yes: wholeNumber(values.yes) ?? 0,
      no: wholeNumber(values.no) ?? 0,
      abstain: wholeNumber(values.abstain) ?? 0,
      countedAt: new Date(Date.parse(values.countedAt)).toISOString(),
      reason: values.reason.trim(),
    };
    setBusy(true);
    setError(null);
    setQueued(false);
    try {
      const entry = await outbox.add({
        key: crypto.randomUUID(),
        kind: "handCount",
        meetingId: meeting.id,
        itemNumber: target.number,
        question: variables.question ?? openVote?.question ?? target.title,
        variables,
      });
      if (entry.state === "refused") {
        // Nothing was recorded: the values stay in the form to be corrected.
        setError(entry.message);
        outbox.dismiss(entry.key);
        return;
      }
      if (entry.state === "confirmed") outbox.dismiss(entry.key);
      else setQueued(true);
      // Recorded or safely queued: the vote's new state arrives over the subscription, and a paper
      // vote's form starts afresh.
      setValues({ ...EMPTY, countedAt: localNow() });
      setSubmitted(false);
    } catch (failure) {
      setError(failure instanceof OutboxStorageError ? t("storageFailed") : failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <Text className={styles.heading} as="h2" id={headingId} size={500} weight="semibold">
        {t("handCount")} – § {target.number}
      </Text>
      <Text>{t("handCountHelp")}</Text>
      <MessageBar intent={paper ? "info" : "warning"}>
        <MessageBarBody>{openVote ? t("handCountReplaces", { round: openVote.round, question: openVote.question }) : t("handCountPaper", { number: target.number })}</MessageBarBody>
      </MessageBar>
      {paper && (
        <>
          <Field label={t("handCountItem")} hint={t("handCountItemHint")}>
            <Select value={target.id} onChange={(_e, data) => setPaperItemId(data.value)}>
              {meeting.agenda
                .filter((i) => i.decision === null || i.id === item.id)
                .map((i) => (
                  <option key={i.id} value={i.id}>
                    § {i.number} {i.title}
                  </option>
                ))}
            </Select>
          </Field>
          <Field label={t("question")} required {...fieldState(problems.question)}>
            <Input value={values.question} onChange={set("question")} />
          </Field>
          <Field label={t("majority")}>
            <RadioGroup value={majority} onChange={(_e, data) => setMajority(MAJORITIES.find((m) => m === data.value) ?? "SIMPLE")}>
              {MAJORITIES.map((m) => (
                <Radio key={m} value={m} label={t(`majority${m}`)} />
              ))}
            </RadioGroup>
          </Field>
        </>
      )}
      <div className={styles.counts}>
        <Field label={t("yes")} required {...fieldState(problems.yes)}>
          <Input className={styles.number} input={{ className: styles.numberInput }} type="number" inputMode="numeric" min={0} step={1} value={values.yes} onChange={set("yes")} />
        </Field>
        <Field label={t("no")} required {...fieldState(problems.no)}>
          <Input className={styles.number} input={{ className: styles.numberInput }} type="number" inputMode="numeric" min={0} step={1} value={values.no} onChange={set("no")} />
        </Field>
        <Field label={t("abstain")} required {...fieldState(problems.abstain)}>
          <Input className={styles.number} input={{ className: styles.numberInput }} type="number" inputMode="numeric" min={0} step={1} value={values.abstain} onChange={set("abstain")} />
        </Field>
      </div>
      {eligible !== null && <Text>{t("eligibleCount", { eligible })}</Text>}
      {submitted && problems.sum && (
        <MessageBar intent="error">
          <MessageBarBody>{problems.sum}</MessageBarBody>
        </MessageBar>
      )}
      <Field label={t("countedAt")} required {...fieldState(problems.countedAt)}>
        <Input type="datetime-local" value={values.countedAt} max={localNow()} onChange={set("countedAt")} />
      </Field>
      <Field label={t("reason")} required {...fieldState(problems.reason)}>
        <Textarea value={values.reason} resize="vertical" onChange={set("reason")} />
      </Field>
      <ErrorBar error={error} />
      {queued && (
        <MessageBar intent="warning" role="status">
          <MessageBarBody>{t("handCountQueued")}</MessageBarBody>
        </MessageBar>
      )}
      <div>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t("enterHandCount")}
        </Button>
      </div>
    </form>
  );
}

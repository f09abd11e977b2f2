import { useId, useRef, useState, type FormEvent } from "react";
import { Button, Field, Input, MessageBar, MessageBarBody, Radio, RadioGroup, Text, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { ENTER_HAND_COUNT, type ItemView, type Majority, type MeetingView, type VoteView } from "../graphql/documents.js";
import { useI18n, type Translate } from "../i18n/i18n.js";
import { useSession } from "../features/session.js";
import { ErrorBar, useAction } from "./common.js";

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

function problemsOf(values: Values, eligible: number, paper: boolean, t: Translate): Problems {
  const yes = wholeNumber(values.yes);
  const no = wholeNumber(values.no);
  const abstain = wholeNumber(values.abstain);
  const sum = (yes ?? 0) + (no ?? 0) + (abstain ?? 0);
  const at = Date.parse(values.countedAt);
  return {
    yes: yes === null ? t("mustBeNumber") : undefined,
    no: no === null ? t("mustBeNumber") : undefined,
    abstain: abstain === null ? t("mustBeNumber") : undefined,
    sum: sum > eligible ? t("sumTooHigh", { sum, eligible }) : undefined,
    countedAt: Number.isNaN(at) ? t("required") : at > Date.now() ? t("countedInFuture") : undefined,
    reason: values.reason.trim() === "" ? t("required") : undefined,
    question: paper && values.question.trim() === "" ? t("required") : undefined,
  };
}

/**
 * The manual fallback (RULES.md 14): Ja, Nej and Avstår as counted in the room, when, and why. It
 * replaces the open vote's result, or records a vote held on paper on the current item. A retry of
 * the same form sends the same idempotency key, so a count is never recorded twice; a changed form
 * is a new count with a new key. Keyed by the vote (or item and its votes) so each count starts fresh.
 */
export function HandCountForm({ meeting, item, openVote }: { meeting: MeetingView; item: ItemView; openVote: VoteView | null }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const { busy, error, run } = useAction();
  const headingId = useId();
  const [values, setValues] = useState<Values>({ yes: "", no: "", abstain: "0", countedAt: localNow(), reason: "", question: "" });
  const [majority, setMajority] = useState<Majority>("SIMPLE");
  const [submitted, setSubmitted] = useState(false);
  const lastAttempt = useRef<{ request: string; key: string } | null>(null);
  const paper = openVote === null;
  // A paper vote is counted among the members serving now (the server freezes that list).
  const eligible = openVote ? openVote.tally.eligible : meeting.quorum.present;
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
    if (invalid) return;
    const input = {
      voteId: openVote?.id ?? null,
      itemId: openVote ? null : item.id,
      question: paper ? values.question.trim() : null,
      majority: paper ? majority : undefined,
      yes: wholeNumber(values.yes) ?? 0,
      no: wholeNumber(values.no) ?? 0,
      abstain: wholeNumber(values.abstain) ?? 0,
      countedAt: new Date(Date.parse(values.countedAt)).toISOString(),
      reason: values.reason.trim(),
    };
    const request = JSON.stringify(input);
    const key = lastAttempt.current?.request === request ? lastAttempt.current.key : crypto.randomUUID();
    lastAttempt.current = { request, key };
    if (await run(() => api.request(ENTER_HAND_COUNT, { in: { ...input, idempotencyKey: key } }))) {
      // The vote's new state arrives over the subscription and the parent starts a fresh form.
      lastAttempt.current = null;
      setSubmitted(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <Text className={styles.heading} as="h2" id={headingId} size={500} weight="semibold">
        {t("handCount")} – § {item.number}
      </Text>
      <Text>{t("handCountHelp")}</Text>
      <MessageBar intent={paper ? "info" : "warning"}>
        <MessageBarBody>{openVote ? t("handCountReplaces", { round: openVote.round, question: openVote.question }) : t("handCountPaper", { number: item.number })}</MessageBarBody>
      </MessageBar>
      {paper && (
        <>
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
      <Text>{t("eligibleCount", { eligible })}</Text>
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
      <div>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t("enterHandCount")}
        </Button>
      </div>
    </form>
  );
}

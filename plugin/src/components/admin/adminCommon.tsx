import { useCallback, useId, useRef, useState, type ReactNode } from "react";
import { Button, Field, Input, Label, MessageBar, MessageBarBody, MessageBarTitle, Select, Switch, Text, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { ApiError } from "../../graphql/client.js";
import type { AssemblySettings, FileProblem, Majority, QuorumRule } from "../../graphql/documents.js";
import { useI18n, type Translate } from "../../i18n/i18n.js";
import type { StringKey } from "../../i18n/strings.js";

/** The administration screens' shared look: forms in a column, controls at least 44 px high. */
export const useAdminStyles = makeStyles({
  heading: { margin: 0 },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, maxWidth: "40rem", minWidth: 0 },
  row: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  grid: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr)",
    gap: tokens.spacingVerticalL,
    alignItems: "start",
    "@media (min-width: 900px)": { gridTemplateColumns: "repeat(2, minmax(0, 1fr))", columnGap: tokens.spacingHorizontalL },
  },
  // Touch targets: at least 44 px, on a tablet and in the side panel.
  control: { minHeight: "44px" },
  // A native select is as wide as its longest option unless told otherwise.
  select: { height: "44px", minWidth: 0, maxWidth: "100%" },
  full: { width: "100%", minWidth: 0 },
  // A table wider than the side panel scrolls sideways inside its own region, reachable by keyboard.
  scroll: {
    overflowX: "auto",
    maxWidth: "100%",
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "2px" },
  },
  table: { minWidth: "36rem", tableLayout: "auto", overflowWrap: "normal" },
  // A long table (the roster) keeps the forms below it within reach.
  tall: { maxHeight: "32rem", overflowY: "auto" },
  caption: { textAlign: "start", fontWeight: tokens.fontWeightSemibold, padding: `${tokens.spacingVerticalXS} 0` },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  plainList: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  muted: { color: tokens.colorNeutralForeground3 },
  fileGroup: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
});

/** What was just done, said politely to screen readers (a status message). */
export function Announce({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <MessageBar intent="success" role="status">
      <MessageBarBody>{message}</MessageBarBody>
    </MessageBar>
  );
}

/** "Rad 12 (plats)", "Line 12 (seat)", "Filen" for line 0. */
export function problemPlace(problem: FileProblem, t: Translate): string {
  const where = problem.line === 0 ? t("problemFile") : t("problemLine", { line: problem.line });
  if (!problem.column) return where;
  const key = `fileColumn_${problem.column}`;
  const column = isStringKey(key) ? t(key) : problem.column;
  return `${where} (${column})`;
}

function isStringKey(key: string): key is StringKey {
  return key.startsWith("fileColumn_") && ["name", "party", "kind", "seat", "rank", "number", "title", "case_number", "description", "document_urls"].includes(key.slice("fileColumn_".length));
}

/** Every problem of a file, by line, as the server found them: "Rad 12 (plats): …". */
export function ProblemList({ problems }: { problems: readonly FileProblem[] }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  if (problems.length === 0) return null;
  return (
    <MessageBar intent="error" role="alert" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t("problemsTitle", { count: problems.length })}</MessageBarTitle>
        <ul className={styles.list}>
          {problems.map((p, i) => (
            <li key={i}>
              {problemPlace(p, t)}: {p.reason}
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

/** A file to read (input type=file) or its text pasted: `text` is what is sent. */
export function FileOrText({ label, accept, text, onText }: { label: string; accept: string; text: string; onText: (text: string) => void }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const [fileName, setFileName] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const labelId = useId();
  const statusId = useId();

  const handleFile = async (file: File | undefined) => {
    setProblem(null);
    if (!file) return;
    try {
      const read = await file.text();
      setFileName(file.name);
      onText(read);
    } catch (failure) {
      setProblem(t("fileUnreadable", { message: failure instanceof Error ? failure.message : String(failure) }));
    }
  };

  return (
    <div className={styles.form}>
      {/* The browser's own file button speaks the browser's language: a button of the tab's opens it. */}
      <div className={styles.fileGroup} role="group" aria-labelledby={labelId}>
        <Label id={labelId}>{label}</Label>
        <div className={styles.row}>
          <Button className={styles.control} aria-describedby={statusId} onClick={() => input.current?.click()}>
            {t("chooseFile")}
          </Button>
          <Text id={statusId} className={styles.muted}>
            {fileName ? t("fileChosen", { name: fileName }) : t("noFileChosen")}
          </Text>
        </div>
        <input
          ref={input}
          type="file"
          accept={accept}
          hidden
          aria-labelledby={labelId}
          onChange={(e) => {
            void handleFile(e.currentTarget.files?.[0]);
            // The same file chosen again (after a fix) is read again.
            e.currentTarget.value = "";
          }}
        />
        {problem && <ErrorText text={problem} />}
      </div>
      <Field label={t("pasteText")}>
        <Textarea
          value={text}
          resize="vertical"
          rows={4}
          textarea={{ spellCheck: false }}
          onChange={(_e, data) => {
            setFileName(null);
            onText(data.value);
          }}
        />
      </Field>
    </div>
  );
}

const QUORUM_RULES = ["MORE_THAN_HALF", "AT_LEAST_HALF", "NONE"] as const satisfies readonly QuorumRule[];
const MAJORITIES = ["SIMPLE", "TWO_THIRDS_OF_PRESENT"] as const satisfies readonly Majority[];

export const DEFAULT_SETTINGS: AssemblySettings = {
  noReturnAfterLeaving: false,
  answerChangeWhileOpen: true,
  quorum: "MORE_THAN_HALF",
  defaultMajority: "SIMPLE",
  timeZone: "Europe/Stockholm",
};

/** True when the browser knows the IANA time zone (the server checks the same way). */
export function isTimeZone(value: string): boolean {
  if (value.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone: value.trim() });
    return true;
  } catch {
    return false;
  }
}

/** The procedure settings of an assembly (its arbetsordning): quorum, default majority, no-return, answer change, time zone. */
export function SettingsFields({ settings, onChange, submitted }: { settings: AssemblySettings; onChange: (next: AssemblySettings) => void; submitted: boolean }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const zoneBad = !isTimeZone(settings.timeZone);
  return (
    <>
      <Field label={t("quorumRule")}>
        <Select
          className={styles.full}
          select={{ className: styles.select }}
          value={settings.quorum}
          onChange={(_e, data) => onChange({ ...settings, quorum: QUORUM_RULES.find((q) => q === data.value) ?? "MORE_THAN_HALF" })}
        >
          {QUORUM_RULES.map((q) => (
            <option key={q} value={q}>
              {t(`quorum${q}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t("defaultMajority")}>
        <Select
          className={styles.full}
          select={{ className: styles.select }}
          value={settings.defaultMajority}
          onChange={(_e, data) => onChange({ ...settings, defaultMajority: MAJORITIES.find((m) => m === data.value) ?? "SIMPLE" })}
        >
          {MAJORITIES.map((m) => (
            <option key={m} value={m}>
              {t(`majority${m}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Switch className={styles.control} checked={settings.noReturnAfterLeaving} label={t("noReturn")} onChange={(_e, data) => onChange({ ...settings, noReturnAfterLeaving: data.checked })} />
      <Switch className={styles.control} checked={settings.answerChangeWhileOpen} label={t("answerChange")} onChange={(_e, data) => onChange({ ...settings, answerChangeWhileOpen: data.checked })} />
      <Field
        label={t("timeZone")}
        hint={t("timeZoneHint")}
        required
        validationState={submitted && zoneBad ? "error" : "none"}
        validationMessage={submitted && zoneBad ? t("timeZoneInvalid") : null}
      >
        <Input className={styles.control} value={settings.timeZone} onChange={(_e, data) => onChange({ ...settings, timeZone: data.value })} />
      </Field>
    </>
  );
}

/** A form's heading (h3 under the section's h2). */
export function FormHeading({ id, children, level = 3 }: { id: string; children: ReactNode; level?: 2 | 3 }) {
  const styles = useAdminStyles();
  return (
    <Text className={styles.heading} as={level === 2 ? "h2" : "h3"} id={id} size={level === 2 ? 500 : 400} weight="semibold">
      {children}
    </Text>
  );
}

/** A required text field's state once the form has been submitted. */
export function requiredState(submitted: boolean, missing: boolean, t: Translate): { validationState: "error" | "none"; validationMessage: string | null } {
  return submitted && missing ? { validationState: "error", validationMessage: t("required") } : { validationState: "none", validationMessage: null };
}

export interface AdminAction {
  readonly busy: boolean;
  /** The server's refusal, as "Gick inte: …". */
  readonly error: string | null;
  /** A refused file's problems (BAD_INPUT with extensions.problems). */
  readonly problems: readonly FileProblem[];
  /** What was done, to announce. */
  readonly done: string | null;
  /** Runs a request; on success says `success(result)` and returns the result, else null. */
  run<T>(work: () => Promise<T>, success?: (result: T) => string | null): Promise<T | null>;
  reset(): void;
}

/** Runs a request of an administration form: busy while under way, the refusal (and a file's problems) or what was done. */
export function useAdminAction(): AdminAction {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<readonly FileProblem[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const reset = useCallback(() => {
    setError(null);
    setProblems([]);
    setDone(null);
  }, []);
  const run = useCallback(
    async <T,>(work: () => Promise<T>, success?: (result: T) => string | null): Promise<T | null> => {
      setBusy(true);
      reset();
      try {
        const result = await work();
        setDone(success ? success(result) : null);
        return result;
      } catch (failure) {
        setError(t("errorPrefix", { message: failure instanceof Error ? failure.message : String(failure) }));
        setProblems(failure instanceof ApiError ? failure.problems : []);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [t, reset],
  );
  return { busy, error, problems, done, run, reset };
}

function ErrorText({ text }: { text: string }) {
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>{text}</MessageBarBody>
    </MessageBar>
  );
}

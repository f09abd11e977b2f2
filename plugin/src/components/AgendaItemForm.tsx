import { useId, useState, type FormEvent } from "react";
import { Button, Field, Input, Select, Text, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { ADD_AGENDA_ITEM, type AgendaItemInput, type ItemView, type MeetingView } from "../graphql/documents.js";
import { linesOf, optional } from "../features/admin.js";
import { useSession } from "../features/session.js";
import { useI18n, type Translate } from "../i18n/i18n.js";
import { ErrorBar } from "./common.js";
import { Announce, useAdminAction } from "./admin/adminCommon.js";

const useStyles = makeStyles({
  heading: { margin: 0 },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  control: { minHeight: "44px" },
  select: { height: "44px", minWidth: 0, maxWidth: "100%" },
  full: { width: "100%", minWidth: 0 },
  row: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

/** An agenda item's text as typed: documents one link per line. */
export interface ItemValues {
  readonly title: string;
  readonly caseNumber: string;
  readonly description: string;
  readonly documents: string;
}

export const EMPTY_ITEM: ItemValues = { title: "", caseNumber: "", description: "", documents: "" };

export function valuesOf(item: Pick<ItemView, "title" | "caseNumber" | "description" | "documentUrls">): ItemValues {
  return { title: item.title, caseNumber: item.caseNumber ?? "", description: item.description ?? "", documents: item.documentUrls.join("\n") };
}

function isWebLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "https:" || parsed.protocol === "http:") && !/\s/.test(url);
  } catch {
    return false;
  }
}

/** What is wrong with the values, by field (the server checks the same). */
export function itemProblems(values: ItemValues, t: Translate): { title?: string; documents?: string } {
  const badLink = linesOf(values.documents).find((url) => !isWebLink(url));
  return {
    ...(values.title.trim() === "" ? { title: t("required") } : {}),
    ...(badLink !== undefined ? { documents: t("documentsInvalid", { url: badLink }) } : {}),
  };
}

/** The values as the API takes them; an item's proposals are kept as they are (updateAgendaItem replaces them). */
export function itemInput(values: ItemValues, proposals: ItemView["proposals"] = []): AgendaItemInput {
  return {
    title: values.title.trim(),
    caseNumber: optional(values.caseNumber),
    description: optional(values.description),
    documentUrls: linesOf(values.documents),
    proposals: proposals.map((p) => ({ label: p.label, text: p.text, proposedBy: p.proposedBy })),
  };
}

/** Title, case number, description and document links (one per line) of an agenda item. */
export function ItemFields({ values, onChange, submitted }: { values: ItemValues; onChange: (next: ItemValues) => void; submitted: boolean }) {
  const styles = useStyles();
  const { t } = useI18n();
  const problems = itemProblems(values, t);
  const state = (problem: string | undefined) =>
    submitted && problem ? { validationState: "error" as const, validationMessage: problem } : { validationState: "none" as const, validationMessage: null };
  return (
    <>
      <Field label={t("itemTitle")} required {...state(problems.title)}>
        <Input className={styles.control} value={values.title} onChange={(_e, d) => onChange({ ...values, title: d.value })} />
      </Field>
      <Field label={t("itemCaseNumber")}>
        <Input className={styles.control} value={values.caseNumber} onChange={(_e, d) => onChange({ ...values, caseNumber: d.value })} />
      </Field>
      <Field label={t("itemDescription")}>
        <Textarea value={values.description} resize="vertical" rows={3} onChange={(_e, d) => onChange({ ...values, description: d.value })} />
      </Field>
      <Field label={t("itemDocuments")} {...state(problems.documents)}>
        <Textarea value={values.documents} resize="vertical" rows={2} textarea={{ spellCheck: false }} onChange={(_e, d) => onChange({ ...values, documents: d.value })} />
      </Field>
    </>
  );
}

/** An item the meeting has been at, or is at (the server's word): an extra item cannot go before it. */
function takenUp(_meeting: MeetingView, item: ItemView): boolean {
  return item.takenUp;
}

/**
 * A new agenda item, last or before a chosen item. Before the meeting opens (CLERK or ADMIN) any
 * place; once it is open (CHAIR or CLERK) an extra item, which goes last or before an item not yet
 * taken up and is marked as added during the meeting.
 */
export function AgendaItemAddForm({ meeting }: { meeting: MeetingView }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const action = useAdminAction();
  const headingId = useId();
  const [values, setValues] = useState<ItemValues>(EMPTY_ITEM);
  const [before, setBefore] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const extra = meeting.status === "OPEN";
  const lastTaken = extra ? meeting.agenda.findLastIndex((i) => takenUp(meeting, i)) : -1;
  const places = meeting.agenda.slice(lastTaken + 1);
  const beforeItem = places.find((i) => i.id === before) ?? null;

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(itemProblems(values, t)).length > 0) return;
    const item = itemInput(values);
    const added = await action.run(
      () => api.request<{ addAgendaItem: { id: string; number: number } }>(ADD_AGENDA_ITEM, { m: meeting.id, item, before: beforeItem?.id ?? null }),
      (r) => t("itemAdded", { title: item.title, number: r.addAgendaItem.number }),
    );
    if (added === null) return;
    setValues(EMPTY_ITEM);
    setBefore("");
    setSubmitted(false);
  };

  return (
    <form className={styles.form} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <Text className={styles.heading} as="h2" id={headingId} size={500} weight="semibold">
        {t(extra ? "extraItemTitle" : "addItemTitle")}
      </Text>
      {extra && <Text>{t("extraItemHelp")}</Text>}
      <ItemFields values={values} onChange={setValues} submitted={submitted} />
      <Field label={t("position")}>
        <Select className={styles.full} select={{ className: styles.select }} value={beforeItem?.id ?? ""} onChange={(_e, d) => setBefore(d.value)}>
          <option value="">{t("positionLast")}</option>
          {places.map((i) => (
            <option key={i.id} value={i.id}>
              {t("positionBefore", { number: i.number, title: i.title })}
            </option>
          ))}
        </Select>
      </Field>
      <ErrorBar error={action.error} />
      <Announce message={action.done} />
      <div className={styles.row}>
        <Button className={styles.control} type="submit" appearance="primary" disabled={action.busy || meeting.status === "CLOSED"}>
          {t(extra ? "extraItemSubmit" : "addItemSubmit")}
        </Button>
      </div>
    </form>
  );
}

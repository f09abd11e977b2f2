import { useId, useState, type FormEvent } from "react";
import {
  Badge,
  Button,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import {
  IMPORT_AGENDA,
  PREVIEW_AGENDA,
  REMOVE_AGENDA_ITEM,
  REORDER_AGENDA,
  RESCHEDULE_MEETING,
  SCHEDULE_MEETING,
  UPDATE_AGENDA_ITEM,
  type AdminAssembly,
  type AgendaFormat,
  type AgendaPreviewView,
  type ItemView,
  type MeetingView,
} from "../../graphql/documents.js";
import { isoToLocalInput, localInputToIso, moved } from "../../features/admin.js";
import { useLiveMeeting, useSession } from "../../features/session.js";
import { useI18n } from "../../i18n/i18n.js";
import { formatTime } from "../MinutesVote.js";
import { AgendaList } from "../AgendaList.js";
import { AgendaItemAddForm, ItemFields, itemInput, itemProblems, valuesOf, type ItemValues } from "../AgendaItemForm.js";
import { ErrorBar } from "../common.js";
import { Announce, FileOrText, FormHeading, ProblemList, requiredState, useAdminAction, useAdminStyles } from "./adminCommon.js";

const useStyles = makeStyles({
  item: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    minWidth: 0,
  },
  itemHead: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  itemTitle: { flexGrow: 1, flexBasis: "12rem", minWidth: 0, overflowWrap: "anywhere" },
});

const FORMATS = ["CSV", "JSON"] as const satisfies readonly AgendaFormat[];

function formatOf(value: string): AgendaFormat | null {
  return FORMATS.find((f) => f === value) ?? null;
}

/**
 * Meetings (Sammanträden): the assembly's meetings, a new meeting (optionally with its agenda from a
 * file, previewed first), and for the meeting picked: before it opens its title and time and the
 * agenda (order, edit, remove, add, import); once open only an extra item.
 */
export function MeetingsSection({ assembly, meetingId, onChanged }: { assembly: AdminAssembly; meetingId: string | null; onChanged: () => Promise<void> }) {
  const styles = useAdminStyles();
  const { t, lang } = useI18n();
  const headingId = useId();
  const meetings = [...assembly.meetings].sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
  const [picked, setPicked] = useState<string | null>(null);
  const selected =
    meetings.find((m) => m.id === picked) ?? meetings.find((m) => m.id === meetingId) ?? meetings.find((m) => m.status === "SCHEDULED") ?? meetings[0] ?? null;

  const handleScheduled = async (id: string) => {
    await onChanged();
    setPicked(id);
  };

  return (
    <div className={styles.section}>
      <Card>
        <section className={styles.form} aria-labelledby={headingId}>
          <FormHeading id={headingId} level={2}>
            {t("meetingsTitle")}
          </FormHeading>
          {meetings.length === 0 ? (
            <Text>{t("noMeetings")}</Text>
          ) : (
            <Field label={t("meeting")}>
              <Select className={styles.full} select={{ className: styles.select }} value={selected?.id ?? ""} onChange={(_e, d) => setPicked(d.value)}>
                {meetings.map((m) => (
                  <option key={m.id} value={m.id}>
                    {t("meetingOption", { title: m.title, when: formatTime(m.scheduledAt, lang), status: t(`status${m.status}`) })}
                  </option>
                ))}
              </Select>
            </Field>
          )}
        </section>
      </Card>
      {selected && <MeetingEditor key={selected.id} meetingId={selected.id} onChanged={onChanged} />}
      <Card>
        <NewMeetingForm assembly={assembly} onScheduled={handleScheduled} />
      </Card>
    </div>
  );
}

function MeetingEditor({ meetingId, onChanged }: { meetingId: string; onChanged: () => Promise<void> }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const { meeting } = useLiveMeeting(meetingId);
  if (!meeting) return <Spinner label={t("loading")} />;
  if (meeting.status !== "SCHEDULED") {
    return (
      <>
        <MessageBar intent="info">
          <MessageBarBody>{t(meeting.status === "OPEN" ? "meetingOpenNote" : "meetingClosedNote")}</MessageBarBody>
        </MessageBar>
        <div className={styles.grid}>
          <Card>
            <AgendaList meeting={meeting} readOnly />
          </Card>
          {meeting.status === "OPEN" && (
            <Card>
              <AgendaItemAddForm meeting={meeting} />
            </Card>
          )}
        </div>
      </>
    );
  }
  return (
    <>
      <Card>
        <AgendaEditor meeting={meeting} />
      </Card>
      <div className={styles.grid}>
        <Card>
          <AgendaItemAddForm meeting={meeting} />
        </Card>
        <Card>
          <RescheduleForm meeting={meeting} onChanged={onChanged} />
        </Card>
      </div>
      <Card>
        <ImportAgendaForm meeting={meeting} />
      </Card>
    </>
  );
}

/** A new meeting: title, when (the user's local time, sent as UTC) and optionally its agenda from a file, previewed before saving. */
function NewMeetingForm({ assembly, onScheduled }: { assembly: AdminAssembly; onScheduled: (id: string) => Promise<void> }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const headingId = useId();
  const action = useAdminAction();
  const previewing = useAdminAction();
  const [title, setTitle] = useState("");
  const [when, setWhen] = useState("");
  const [agenda, setAgenda] = useState("");
  const [format, setFormat] = useState("");
  const [preview, setPreview] = useState<{ key: string; result: AgendaPreviewView } | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const at = localInputToIso(when);
  const key = JSON.stringify([agenda, format]);
  const current = preview?.key === key ? preview.result : null;
  const withAgenda = agenda.trim() !== "";
  const agendaReady = !withAgenda || current?.ok === true;

  const handlePreview = async () => {
    const result = await previewing.run(() => api.request<{ previewAgenda: AgendaPreviewView }>(PREVIEW_AGENDA, { t: agenda, f: formatOf(format) }));
    if (result) setPreview({ key, result: result.previewAgenda });
  };

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (title.trim() === "" || at === null || !agendaReady) return;
    const named = title.trim();
    const saved = await action.run(
      () =>
        api.request<{ scheduleMeeting: { id: string } }>(SCHEDULE_MEETING, {
          in: { assemblyId: assembly.id, title: named, scheduledAt: at, agenda: withAgenda ? agenda : null, agendaFormat: withAgenda ? formatOf(format) : null },
        }),
      () => t("scheduled", { title: named }),
    );
    if (!saved) return;
    setTitle("");
    setWhen("");
    setAgenda("");
    setPreview(null);
    setSubmitted(false);
    await onScheduled(saved.scheduleMeeting.id);
  };

  return (
    <form className={styles.section} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <FormHeading id={headingId} level={2}>
        {t("newMeetingTitle")}
      </FormHeading>
      <div className={styles.form}>
        <Field label={t("meetingTitle")} required {...requiredState(submitted, title.trim() === "", t)}>
          <Input className={styles.control} value={title} onChange={(_e, d) => setTitle(d.value)} />
        </Field>
        <Field label={t("meetingWhen")} hint={t("meetingWhenHint")} required {...requiredState(submitted, at === null, t)}>
          <Input className={styles.control} type="datetime-local" value={when} onChange={(_e, d) => setWhen(d.value)} />
        </Field>
        <FileOrText label={t("agendaFileOptional")} accept=".csv,.json,text/csv,application/json,text/plain" text={agenda} onText={setAgenda} />
        <FormatField format={format} onFormat={setFormat} />
        <div className={styles.row}>
          <Button className={styles.control} disabled={!withAgenda || previewing.busy} onClick={() => void handlePreview()}>
            {t("previewAgenda")}
          </Button>
          <Button className={styles.control} type="submit" appearance="primary" disabled={action.busy || !agendaReady}>
            {t("scheduleSubmit")}
          </Button>
        </div>
        {!agendaReady && <Text className={styles.muted}>{t("scheduleNeedsPreview")}</Text>}
      </div>
      <ErrorBar error={previewing.error} />
      {current && <AgendaPreviewResult preview={current} />}
      <ErrorBar error={action.problems.length > 0 ? null : action.error} />
      <ProblemList problems={action.problems} />
      <Announce message={action.done} />
    </form>
  );
}

function FormatField({ format, onFormat }: { format: string; onFormat: (format: string) => void }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  return (
    <Field label={t("agendaFormat")}>
      <Select className={styles.full} select={{ className: styles.select }} value={format} onChange={(_e, d) => onFormat(d.value)}>
        <option value="">{t("formatAuto")}</option>
        {FORMATS.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </Select>
    </Field>
  );
}

function AgendaPreviewResult({ preview }: { preview: AgendaPreviewView }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const captionId = useId();
  if (!preview.ok) return <ProblemList problems={preview.problems} />;
  return (
    <section className={styles.section} aria-labelledby={captionId}>
      <MessageBar intent="success" role="status">
        <MessageBarBody>{t("agendaPreviewOk", { count: preview.items.length })}</MessageBarBody>
      </MessageBar>
      <Text as="h3" id={captionId} weight="semibold" className={styles.heading}>
        {t("agendaPreviewCaption")}
      </Text>
      <ol className={styles.plainList}>
        {preview.items.map((i) => (
          <li key={i.line}>
            § {i.number} {i.title}
            {i.caseNumber ? ` (${i.caseNumber})` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}

function RescheduleForm({ meeting, onChanged }: { meeting: MeetingView; onChanged: () => Promise<void> }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const headingId = useId();
  const action = useAdminAction();
  const [title, setTitle] = useState(meeting.title);
  const [when, setWhen] = useState(isoToLocalInput(meeting.scheduledAt));
  const [submitted, setSubmitted] = useState(false);
  const at = localInputToIso(when);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (title.trim() === "" || at === null) return;
    const done = await action.run(
      async () => {
        await api.request(RESCHEDULE_MEETING, { m: meeting.id, t: title.trim(), at });
        await onChanged();
      },
      () => t("rescheduled"),
    );
    if (done !== null) setSubmitted(false);
  };

  return (
    <form className={styles.form} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <FormHeading id={headingId} level={2}>
        {t("rescheduleTitle")}
      </FormHeading>
      <Field label={t("meetingTitle")} required {...requiredState(submitted, title.trim() === "", t)}>
        <Input className={styles.control} value={title} onChange={(_e, d) => setTitle(d.value)} />
      </Field>
      <Field label={t("meetingWhen")} hint={t("meetingWhenHint")} required {...requiredState(submitted, at === null, t)}>
        <Input className={styles.control} type="datetime-local" value={when} onChange={(_e, d) => setWhen(d.value)} />
      </Field>
      <ErrorBar error={action.error} />
      <Announce message={action.done} />
      <div>
        <Button className={styles.control} type="submit" appearance="primary" disabled={action.busy}>
          {t("save")}
        </Button>
      </div>
    </form>
  );
}

/** The agenda of a meeting not yet opened: each item with move up and down, edit and remove. */
function AgendaEditor({ meeting }: { meeting: MeetingView }) {
  const styles = useAdminStyles();
  const own = useStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const headingId = useId();
  const action = useAdminAction();
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const ids = meeting.agenda.map((i) => i.id);

  const handleMove = (item: ItemView, index: number, delta: number) => {
    const order = moved(ids, index, delta);
    if (!order) return;
    const number = (meeting.agenda[0]?.number ?? 1) + index + delta;
    setSaved(null);
    void action.run(
      () => api.request(REORDER_AGENDA, { m: meeting.id, ids: order }),
      () => t("agendaReordered", { title: item.title, number }),
    );
  };

  const handleRemove = (item: ItemView) => {
    setSaved(null);
    return action.run(
      () => api.request(REMOVE_AGENDA_ITEM, { i: item.id }),
      () => t("itemRemoved", { number: item.number, title: item.title }),
    );
  };

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <FormHeading id={headingId} level={2}>
        {t("agenda")}
      </FormHeading>
      <ErrorBar error={action.error} />
      <Announce message={action.done ?? saved} />
      {meeting.agenda.length === 0 ? (
        <Text>{t("agendaEmpty")}</Text>
      ) : (
        <ol className={styles.plainList} aria-labelledby={headingId}>
          {meeting.agenda.map((item, index) => (
            <li key={item.id} className={own.item}>
              <div className={own.itemHead}>
                <Text className={own.itemTitle} weight="semibold">
                  § {item.number} {item.title}
                  {item.caseNumber ? <span className={styles.muted}> ({item.caseNumber})</span> : null}
                </Text>
                {item.addedDuringMeeting && (
                  <Badge appearance="tint" color="warning">
                    {t("addedDuringMeeting")}
                  </Badge>
                )}
              </div>
              <div className={styles.row}>
                <Button
                  className={styles.control}
                  disabled={action.busy || index === 0}
                  aria-label={t("moveUpNamed", { number: item.number, title: item.title })}
                  onClick={() => handleMove(item, index, -1)}
                >
                  ↑ {t("moveUp")}
                </Button>
                <Button
                  className={styles.control}
                  disabled={action.busy || index === meeting.agenda.length - 1}
                  aria-label={t("moveDownNamed", { number: item.number, title: item.title })}
                  onClick={() => handleMove(item, index, 1)}
                >
                  ↓ {t("moveDown")}
                </Button>
                <Button
                  className={styles.control}
                  aria-expanded={editing === item.id}
                  aria-label={t("editItemNamed", { number: item.number, title: item.title })}
                  onClick={() => {
                    setSaved(null);
                    setEditing(editing === item.id ? null : item.id);
                  }}
                >
                  {t("editItem")}
                </Button>
                <RemoveItemDialog item={item} busy={action.busy} onRemove={handleRemove} />
              </div>
              {editing === item.id && (
                <EditItemForm
                  item={item}
                  onDone={(message) => {
                    setEditing(null);
                    action.reset();
                    setSaved(message);
                  }}
                />
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Removing an item is confirmed first: it says which item and that the rest are renumbered. */
function RemoveItemDialog({ item, busy, onRemove }: { item: ItemView; busy: boolean; onRemove: (item: ItemView) => Promise<unknown> }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={(_e, d) => setOpen(d.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button className={styles.control} disabled={busy} aria-label={t("removeItemNamed", { number: item.number, title: item.title })}>
          {t("removeItem")}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t("removeItemNamed", { number: item.number, title: item.title })}</DialogTitle>
          <DialogContent>
            <Text as="p">{t("removeItemConfirm", { number: item.number, title: item.title })}</Text>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button className={styles.control} appearance="secondary">
                {t("cancel")}
              </Button>
            </DialogTrigger>
            <Button
              className={styles.control}
              appearance="primary"
              onClick={() => {
                setOpen(false);
                void onRemove(item);
              }}
            >
              {t("removeItem")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function EditItemForm({ item, onDone }: { item: ItemView; onDone: (saved: string | null) => void }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const headingId = useId();
  const action = useAdminAction();
  const [values, setValues] = useState<ItemValues>(valuesOf(item));
  const [submitted, setSubmitted] = useState(false);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(itemProblems(values, t)).length > 0) return;
    // The item's proposals go with it unchanged (the API replaces them with what is sent).
    const saved = await action.run(() =>
      api.request<{ updateAgendaItem: { number: number; title: string } }>(UPDATE_AGENDA_ITEM, { i: item.id, item: itemInput(values, item.proposals) }),
    );
    if (saved !== null) onDone(t("itemSaved", { number: saved.updateAgendaItem.number, title: saved.updateAgendaItem.title }));
  };

  return (
    <form className={styles.form} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <FormHeading id={headingId}>{t("editItemTitle", { number: item.number })}</FormHeading>
      <ItemFields values={values} onChange={setValues} submitted={submitted} />
      <ErrorBar error={action.error} />
      <div className={styles.row}>
        <Button className={styles.control} type="submit" appearance="primary" disabled={action.busy}>
          {t("saveItem")}
        </Button>
        <Button className={styles.control} onClick={() => onDone(null)}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}

/** A file's agenda in place of the whole agenda: previewed first, and it says what it replaces. */
function ImportAgendaForm({ meeting }: { meeting: MeetingView }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const headingId = useId();
  const previewing = useAdminAction();
  const action = useAdminAction();
  const [text, setText] = useState("");
  const [format, setFormat] = useState("");
  const [preview, setPreview] = useState<{ key: string; result: AgendaPreviewView } | null>(null);
  const key = JSON.stringify([text, format]);
  const current = preview?.key === key ? preview.result : null;

  const handlePreview = async () => {
    action.reset();
    const result = await previewing.run(() => api.request<{ previewAgenda: AgendaPreviewView }>(PREVIEW_AGENDA, { t: text, f: formatOf(format) }));
    if (result) setPreview({ key, result: result.previewAgenda });
  };

  const handleImport = async (event: FormEvent) => {
    event.preventDefault();
    if (current?.ok !== true) return;
    const saved = await action.run(
      () => api.request<{ importAgenda: { agenda: unknown[] } }>(IMPORT_AGENDA, { m: meeting.id, t: text, f: formatOf(format) }),
      (r) => t("agendaImported", { count: r.importAgenda.agenda.length }),
    );
    if (!saved) return;
    setText("");
    setPreview(null);
  };

  return (
    <form className={styles.section} onSubmit={(e) => void handleImport(e)} aria-labelledby={headingId} noValidate>
      <FormHeading id={headingId} level={2}>
        {t("importAgendaTitle")}
      </FormHeading>
      <div className={styles.form}>
        <FileOrText label={t("fileLabel")} accept=".csv,.json,text/csv,application/json,text/plain" text={text} onText={setText} />
        <FormatField format={format} onFormat={setFormat} />
        <div>
          <Button className={styles.control} disabled={text.trim() === "" || previewing.busy} onClick={() => void handlePreview()}>
            {t("previewAgenda")}
          </Button>
        </div>
      </div>
      <ErrorBar error={previewing.error} />
      {current && <AgendaPreviewResult preview={current} />}
      {current?.ok && (
        <>
          <MessageBar intent="warning">
            <MessageBarBody>{t("importAgendaWarning", { count: meeting.agenda.length, items: current.items.length })}</MessageBarBody>
          </MessageBar>
          <div>
            <Button className={styles.control} type="submit" appearance="primary" disabled={action.busy}>
              {t("importAgendaSubmit")}
            </Button>
          </div>
        </>
      )}
      <ErrorBar error={action.problems.length > 0 ? null : action.error} />
      <ProblemList problems={action.problems} />
      <Announce message={action.done} />
    </form>
  );
}

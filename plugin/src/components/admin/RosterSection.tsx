import { useId, useState, type FormEvent } from "react";
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  mergeClasses,
} from "@fluentui/react-components";
import {
  CHANGE_ROSTER,
  IMPORT_ROSTER,
  PREVIEW_ROSTER,
  type AdminAssembly,
  type MemberEditInput,
  type RosterMember,
  type RosterPreviewView,
  type RosterVersionView,
} from "../../graphql/documents.js";
import { editOf, isDate, optional, resignationEdits, rosterBefore, rosterOrder, substitutesOf, tomorrow, type Successor } from "../../features/admin.js";
import { useSession } from "../../features/session.js";
import { useI18n, type Translate } from "../../i18n/i18n.js";
import { formatTime } from "../MinutesVote.js";
import { ErrorBar } from "../common.js";
import { Announce, FileOrText, FormHeading, ProblemList, requiredState, useAdminAction, useAdminStyles } from "./adminCommon.js";

type Saved = { readonly rosters: ReadonlyArray<{ readonly version: number }> };

/** "Ordinarie" or "Ersättare 2". */
function kindText(m: Pick<RosterMember, "kind" | "substituteRank">, t: Translate): string {
  return m.kind === "ORDINARY" ? t("kindOrdinary") : t("kindSubstitute", { rank: m.substituteRank ?? "" });
}

function fromText(effectiveFrom: string | null, t: Translate): string {
  return effectiveFrom ?? t("fromStart");
}

/**
 * The roster (Ledamöter): the version in effect today (or another, chosen in the list of versions)
 * as a table, the versions, and the three ways it changes: a file imported after a preview, a member
 * resigning with a successor, and a correction of a name or sign-in.
 */
export function RosterSection({ assembly, onChanged }: { assembly: AdminAssembly; onChanged: () => Promise<void> }) {
  const styles = useAdminStyles();
  const [shownVersion, setShownVersion] = useState<number | null>(null);
  const shown = assembly.rosters.find((v) => v.version === (shownVersion ?? assembly.rosterToday.version)) ?? assembly.rosters.at(-1) ?? null;

  const handleSaved = async (version: number | undefined) => {
    await onChanged();
    if (version !== undefined) setShownVersion(version);
  };

  return (
    <div className={styles.section}>
      <Card>{shown && <RosterTable version={shown} />}</Card>
      <Card>
        <VersionsTable assembly={assembly} shown={shown?.version ?? null} onShow={setShownVersion} />
      </Card>
      <Card>
        <RosterImport assembly={assembly} onSaved={handleSaved} />
      </Card>
      <div className={styles.grid}>
        <Card>
          <MemberResigns assembly={assembly} onSaved={handleSaved} />
        </Card>
        <Card>
          <EditPerson assembly={assembly} onSaved={handleSaved} />
        </Card>
      </div>
    </div>
  );
}

function RosterTable({ version }: { version: RosterVersionView }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const headingId = useId();
  const captionId = useId();
  const members = rosterOrder(version.members);
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <FormHeading id={headingId} level={2}>
        {t("rosterTitle")}
      </FormHeading>
      {members.length === 0 ? (
        <Text>{t("rosterEmpty")}</Text>
      ) : (
        <div className={mergeClasses(styles.scroll, styles.tall)} role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table className={styles.table} size="small">
            <caption id={captionId} className={styles.caption}>
              {t("rosterCaption", { version: version.version, from: fromText(version.effectiveFrom, t) })}
            </caption>
            <TableHeader>
              <TableRow>
                {(["seat", "colName", "party", "colKind", "colSignIn"] as const).map((key) => (
                  <TableHeaderCell key={key} scope="col">
                    {t(key)}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {members.map((m) => (
                <TableRow key={m.id}>
                  <TableCell>{m.seat ?? ""}</TableCell>
                  <TableCell>{m.name}</TableCell>
                  <TableCell>{m.party}</TableCell>
                  <TableCell>{kindText(m, t)}</TableCell>
                  <TableCell>{m.signIn ?? <span className={styles.muted}>{t("noSignIn")}</span>}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

function VersionsTable({ assembly, shown, onShow }: { assembly: AdminAssembly; shown: number | null; onShow: (version: number) => void }) {
  const styles = useAdminStyles();
  const { t, lang } = useI18n();
  const headingId = useId();
  // The table's scrolling region carries the heading's name.
  return (
    <div className={styles.section}>
      <FormHeading id={headingId} level={2}>
        {t("versionsTitle")}
      </FormHeading>
      <div className={styles.scroll} role="region" aria-labelledby={headingId} tabIndex={0}>
        <Table className={styles.table} size="small">
          <TableHeader>
            <TableRow>
              {(["colVersion", "colFrom", "reason", "colRecorded"] as const).map((key) => (
                <TableHeaderCell key={key} scope="col">
                  {t(key)}
                </TableHeaderCell>
              ))}
              <TableHeaderCell scope="col">
                <span className={styles.muted}>{t("showVersion")}</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {assembly.rosters.map((v) => (
              <TableRow key={v.version} data-version={v.version}>
                <TableCell>
                  <span className={styles.row}>
                    {v.version}
                    {v.version === assembly.rosterToday.version && (
                      <Badge appearance="tint" color="success">
                        {t("todayBadge")}
                      </Badge>
                    )}
                  </span>
                </TableCell>
                <TableCell>{fromText(v.effectiveFrom, t)}</TableCell>
                <TableCell>{v.reason ?? ""}</TableCell>
                <TableCell>{t("recordedByAt", { at: formatTime(v.recordedAt, lang), by: v.recordedBy })}</TableCell>
                <TableCell>
                  {v.version === shown ? (
                    <Badge appearance="outline" color="brand">
                      {t("shownBadge")}
                    </Badge>
                  ) : (
                    <Button className={styles.control} aria-label={t("showVersionNamed", { version: v.version })} onClick={() => onShow(v.version)}>
                      {t("showVersion")}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </div>
  );
}

/** Import from a file: preview first (every problem by line, or the summary and the diff), then apply exactly what was previewed. */
function RosterImport({ assembly, onSaved }: { assembly: AdminAssembly; onSaved: (version: number | undefined) => Promise<void> }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const headingId = useId();
  const [csv, setCsv] = useState("");
  const [date, setDate] = useState(tomorrow());
  const [reason, setReason] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const [preview, setPreview] = useState<{ key: string; result: RosterPreviewView } | null>(null);
  const previewing = useAdminAction();
  const applying = useAdminAction();
  const key = JSON.stringify([assembly.id, csv, date]);
  const current = preview?.key === key ? preview.result : null;
  const canApply = current?.ok === true;
  const dateBad = !isDate(date);
  const reasonMissing = reason.trim() === "";

  const handlePreview = async () => {
    applying.reset();
    const result = await previewing.run(() => api.request<{ previewRoster: RosterPreviewView }>(PREVIEW_ROSTER, { a: assembly.id, csv, d: date }));
    if (result) setPreview({ key, result: result.previewRoster });
  };

  const handleApply = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!canApply || reasonMissing || dateBad) return;
    const from = date;
    const saved = await applying.run(
      () => api.request<{ importRoster: Saved }>(IMPORT_ROSTER, { a: assembly.id, csv, d: from, r: reason.trim() }),
      (r) => t("rosterSaved", { version: r.importRoster.rosters.at(-1)?.version ?? "", from }),
    );
    if (!saved) return;
    setPreview(null);
    setCsv("");
    setReason("");
    setSubmitted(false);
    await onSaved(saved.importRoster.rosters.at(-1)?.version);
  };

  return (
    <form className={styles.section} onSubmit={(e) => void handleApply(e)} aria-labelledby={headingId} noValidate>
      <FormHeading id={headingId} level={2}>
        {t("importTitle")}
      </FormHeading>
      <Text>{t("importHelp")}</Text>
      <div className={styles.form}>
        <FileOrText label={t("fileLabel")} accept=".csv,text/csv,text/plain" text={csv} onText={setCsv} />
        <Field
          label={t("effectiveFrom")}
          hint={t("effectiveFromHint")}
          required
          validationState={dateBad ? "error" : "none"}
          validationMessage={dateBad ? t("required") : null}
        >
          <Input className={styles.control} type="date" value={date} onChange={(_e, d) => setDate(d.value)} />
        </Field>
        <VersionWarnings versions={assembly.rosters} date={date} />
        <Field label={t("reason")} required {...requiredState(submitted, reasonMissing, t)}>
          <Input className={styles.control} value={reason} onChange={(_e, d) => setReason(d.value)} />
        </Field>
        <div className={styles.row}>
          <Button className={styles.control} disabled={previewing.busy || csv.trim() === "" || dateBad} onClick={() => void handlePreview()}>
            {t("preview")}
          </Button>
          <Button className={styles.control} type="submit" appearance="primary" disabled={!canApply || applying.busy}>
            {t("apply")}
          </Button>
        </div>
        {!canApply && <Text className={styles.muted}>{t("applyNeedsPreview")}</Text>}
      </div>
      <ErrorBar error={previewing.error} />
      <ErrorBar error={applying.problems.length > 0 ? null : applying.error} />
      <ProblemList problems={applying.problems} />
      <Announce message={applying.done} />
      {current && <PreviewResult preview={current} />}
    </form>
  );
}

function PreviewResult({ preview }: { preview: RosterPreviewView }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const headingId = useId();
  const partiesId = useId();
  if (!preview.ok) return <ProblemList problems={preview.problems} />;
  const before = preview.heldWithBefore;
  const changedText = (c: RosterPreviewView["changed"][number]) =>
    t("diffChangedEntry", {
      name: c.after.name,
      fields: c.fields.map((f) => (isField(f) ? `${t(`field_${f}`)}` : f)).join(", "),
    });
  const lists: Array<{ key: string; title: string; entries: string[] }> = [
    { key: "added", title: t("diffAdded", { count: preview.added.length }), entries: preview.added.map((m) => `${m.name} (${m.party}, ${kindText(m, t)})`) },
    { key: "removed", title: t("diffRemoved", { count: preview.removed.length }), entries: preview.removed.map((m) => `${m.name} (${m.party}, ${kindText(m, t)})`) },
    { key: "changed", title: t("diffChanged", { count: preview.changed.length }), entries: preview.changed.map(changedText) },
  ];
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <MessageBar intent="success" role="status">
        <MessageBarBody id={headingId}>{t("previewOk", { seats: preview.seatCount ?? 0 })}</MessageBarBody>
      </MessageBar>
      <div className={styles.grid}>
        <div className={styles.scroll} role="region" aria-labelledby={partiesId} tabIndex={0}>
          <Table size="small">
            <caption id={partiesId} className={styles.caption}>
              {t("previewParties")}
            </caption>
            <TableHeader>
              <TableRow>
                {(["party", "colSeats", "colSubstitutes"] as const).map((key) => (
                  <TableHeaderCell key={key} scope="col">
                    {t(key)}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {preview.parties.map((p) => (
                <TableRow key={p.party}>
                  <TableCell>{p.party}</TableCell>
                  <TableCell>{p.seats}</TableCell>
                  <TableCell>{p.substitutes}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <section className={styles.section} aria-label={t("withoutSignIn", { count: preview.withoutSignIn.length })}>
          <Text as="h3" weight="semibold" className={styles.heading}>
            {t("withoutSignIn", { count: preview.withoutSignIn.length })}
          </Text>
          {preview.withoutSignIn.length > 0 && <Text>{t("withoutSignInHelp")}</Text>}
          <ul className={styles.list}>
            {preview.withoutSignIn.map((l) => (
              <li key={l.line}>{t("withoutSignInLine", { line: l.line, name: l.name, party: l.party })}</li>
            ))}
          </ul>
        </section>
      </div>
      <Text as="h3" weight="semibold" className={styles.heading}>
        {before ? t("diffAgainst", { version: before.version, from: fromText(before.effectiveFrom, t) }) : t("diffAgainstNone")}
      </Text>
      <Accordion multiple collapsible>
        {lists.map((l) => (
          <AccordionItem key={l.key} value={l.key}>
            <AccordionHeader as="h4" className={styles.control}>
              {l.title}
            </AccordionHeader>
            <AccordionPanel>
              {l.entries.length === 0 ? (
                <Text>{t("diffNone")}</Text>
              ) : (
                <ul className={styles.list}>
                  {l.entries.map((e, i) => (
                    <li key={i}>{e}</li>
                  ))}
                </ul>
              )}
            </AccordionPanel>
          </AccordionItem>
        ))}
      </Accordion>
    </section>
  );
}

const FIELDS = ["name", "party", "kind", "seat", "substituteRank", "signIn"] as const;
function isField(field: string): field is (typeof FIELDS)[number] {
  return (FIELDS as readonly string[]).includes(field);
}

/**
 * What a change from `date` does to the versions already recorded, as the API applies it: it builds on
 * the roster of the day before, so a version from the same day is replaced and a later one is untouched.
 */
function VersionWarnings({ versions, date }: { versions: readonly RosterVersionView[]; date: string }) {
  const { t } = useI18n();
  if (!isDate(date)) return null;
  const notes = versions.flatMap((v) => {
    if (v.effectiveFrom === date) return [t("versionSameDay", { version: v.version, date })];
    if (v.effectiveFrom !== null && v.effectiveFrom > date) return [t("versionLater", { version: v.version, date: v.effectiveFrom })];
    return [];
  });
  if (notes.length === 0) return null;
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        {notes.map((n) => (
          <div key={n}>{n}</div>
        ))}
      </MessageBarBody>
    </MessageBar>
  );
}

/** The date and reason every roster change needs, with the change's own fields before them. */
function ChangeFields({
  versions,
  date,
  onDate,
  reason,
  onReason,
  submitted,
}: {
  versions: readonly RosterVersionView[];
  date: string;
  onDate: (d: string) => void;
  reason: string;
  onReason: (r: string) => void;
  submitted: boolean;
}) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const dateBad = !isDate(date);
  return (
    <>
      <Field label={t("effectiveFrom")} hint={t("effectiveFromHint")} required validationState={dateBad ? "error" : "none"} validationMessage={dateBad ? t("required") : null}>
        <Input className={styles.control} type="date" value={date} onChange={(_e, d) => onDate(d.value)} />
      </Field>
      <VersionWarnings versions={versions} date={date} />
      <Field label={t("reason")} required {...requiredState(submitted, reason.trim() === "", t)}>
        <Input className={styles.control} value={reason} onChange={(_e, d) => onReason(d.value)} />
      </Field>
    </>
  );
}

const NEW = "\u0000new";

/** A member resigns: the member leaves and a substitute of the party (by default the first) or a new person takes the seat, in one change. */
function MemberResigns({ assembly, onSaved }: { assembly: AdminAssembly; onSaved: (version: number | undefined) => Promise<void> }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const headingId = useId();
  const action = useAdminAction();
  const [date, setDate] = useState(tomorrow());
  const [reason, setReason] = useState("");
  const [resigningId, setResigningId] = useState("");
  const [successorId, setSuccessorId] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [signIn, setSignIn] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const base = rosterBefore(assembly.rosters, date)?.members ?? [];
  const ordinary = rosterOrder(base).filter((m) => m.kind === "ORDINARY");
  const resigning = ordinary.find((m) => m.id === resigningId) ?? null;
  const substitutes = resigning ? substitutesOf(base, resigning.party) : [];
  const successor = successorId !== null && (successorId === NEW || substitutes.some((s) => s.id === successorId)) ? successorId : (substitutes[0]?.id ?? NEW);
  const nameMissing = successor === NEW && name.trim() === "";

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!resigning || nameMissing || reason.trim() === "" || !isDate(date)) return;
    const next: Successor = successor === NEW ? { kind: "new", name, signIn } : { kind: "substitute", memberId: successor };
    const from = date;
    const saved = await action.run(
      () => api.request<{ changeRoster: Saved }>(CHANGE_ROSTER, { a: assembly.id, d: from, r: reason.trim(), c: resignationEdits(base, resigning.id, next) }),
      (r) => t("rosterSaved", { version: r.changeRoster.rosters.at(-1)?.version ?? "", from }),
    );
    if (!saved) return;
    setResigningId("");
    setSuccessorId(null);
    setName("");
    setSignIn("");
    setReason("");
    setSubmitted(false);
    await onSaved(saved.changeRoster.rosters.at(-1)?.version);
  };

  return (
    <form className={styles.form} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <FormHeading id={headingId} level={2}>
        {t("resignTitle")}
      </FormHeading>
      <Text>{t("resignHelp")}</Text>
      <Field label={t("resigningMember")} required {...requiredState(submitted, resigning === null, t)}>
        <Select
          className={styles.full}
          select={{ className: styles.select }}
          value={resigning?.id ?? ""}
          onChange={(_e, d) => {
            setResigningId(d.value);
            setSuccessorId(null);
          }}
        >
          <option value="">{t("pickMember")}</option>
          {ordinary.map((m) => (
            <option key={m.id} value={m.id}>
              {t("seatMember", { seat: m.seat ?? "", name: m.name, party: m.party })}
            </option>
          ))}
        </Select>
      </Field>
      {resigning && (
        <Field label={t("successor")} required>
          <Select className={styles.full} select={{ className: styles.select }} value={successor} onChange={(_e, d) => setSuccessorId(d.value)}>
            {substitutes.map((s) => (
              <option key={s.id} value={s.id}>
                {t("successorSubstitute", { name: s.name, rank: s.substituteRank ?? "" })}
              </option>
            ))}
            <option value={NEW}>{t("successorNew")}</option>
          </Select>
        </Field>
      )}
      {resigning && successor === NEW && (
        <>
          <Field label={t("personName")} required {...requiredState(submitted, nameMissing, t)}>
            <Input className={styles.control} value={name} onChange={(_e, d) => setName(d.value)} />
          </Field>
          <Field label={t("personSignIn")} hint={t("personSignInHint")}>
            <Input className={styles.control} value={signIn} onChange={(_e, d) => setSignIn(d.value)} />
          </Field>
        </>
      )}
      <ChangeFields versions={assembly.rosters} date={date} onDate={setDate} reason={reason} onReason={setReason} submitted={submitted} />
      <ErrorBar error={action.error} />
      <Announce message={action.done} />
      <div>
        <Button className={styles.control} type="submit" appearance="primary" disabled={action.busy}>
          {t("resignSubmit")}
        </Button>
      </div>
    </form>
  );
}

/** A correction of a person's name or sign-in, as a roster change from a date. */
function EditPerson({ assembly, onSaved }: { assembly: AdminAssembly; onSaved: (version: number | undefined) => Promise<void> }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const headingId = useId();
  const action = useAdminAction();
  const [date, setDate] = useState(tomorrow());
  const [reason, setReason] = useState("");
  const [personId, setPersonId] = useState("");
  const [name, setName] = useState("");
  const [signIn, setSignIn] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const base = rosterOrder(rosterBefore(assembly.rosters, date)?.members ?? []);
  const person = base.find((m) => m.id === personId) ?? null;
  const nameMissing = name.trim() === "";

  const handlePerson = (id: string) => {
    setPersonId(id);
    const chosen = base.find((m) => m.id === id);
    setName(chosen?.name ?? "");
    setSignIn(chosen?.signIn ?? "");
  };

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!person || nameMissing || reason.trim() === "" || !isDate(date)) return;
    const edit: MemberEditInput = { ...editOf(person), name: name.trim(), signIn: optional(signIn) };
    const from = date;
    const saved = await action.run(
      () => api.request<{ changeRoster: Saved }>(CHANGE_ROSTER, { a: assembly.id, d: from, r: reason.trim(), c: [edit] }),
      (r) => t("rosterSaved", { version: r.changeRoster.rosters.at(-1)?.version ?? "", from }),
    );
    if (!saved) return;
    handlePerson("");
    setReason("");
    setSubmitted(false);
    await onSaved(saved.changeRoster.rosters.at(-1)?.version);
  };

  return (
    <form className={styles.form} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <FormHeading id={headingId} level={2}>
        {t("editPersonTitle")}
      </FormHeading>
      <Field label={t("person")} required {...requiredState(submitted, person === null, t)}>
        <Select className={styles.full} select={{ className: styles.select }} value={person?.id ?? ""} onChange={(_e, d) => handlePerson(d.value)}>
          <option value="">{t("pick")}</option>
          {base.map((m) => (
            <option key={m.id} value={m.id}>
              {t("personOption", { name: m.name, party: m.party, kind: m.kind === "ORDINARY" ? t("seatNumber", { number: m.seat ?? "" }) : kindText(m, t) })}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t("personName")} required {...requiredState(submitted, person !== null && nameMissing, t)}>
        <Input className={mergeClasses(styles.control)} value={name} disabled={!person} onChange={(_e, d) => setName(d.value)} />
      </Field>
      <Field label={t("personSignIn")} hint={t("personSignInHint")}>
        <Input className={styles.control} value={signIn} disabled={!person} onChange={(_e, d) => setSignIn(d.value)} />
      </Field>
      <ChangeFields versions={assembly.rosters} date={date} onDate={setDate} reason={reason} onReason={setReason} submitted={submitted} />
      <ErrorBar error={action.error} />
      <Announce message={action.done} />
      <div>
        <Button className={styles.control} type="submit" appearance="primary" disabled={action.busy}>
          {t("editPersonSubmit")}
        </Button>
      </div>
    </form>
  );
}

import { useId, useState, type FormEvent } from "react";
import { Button, Card, Field, Input } from "@fluentui/react-components";
import { CREATE_ASSEMBLY, UPDATE_ASSEMBLY, type AdminAssembly, type AssemblySettings } from "../../graphql/documents.js";
import { useSession } from "../../features/session.js";
import { useI18n } from "../../i18n/i18n.js";
import { ErrorBar } from "../common.js";
import { Announce, DEFAULT_SETTINGS, FormHeading, SettingsFields, isTimeZone, requiredState, useAdminAction, useAdminStyles } from "./adminCommon.js";

const ASSEMBLY_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** The assembly (Församling), for admins: its name and procedure settings, and a new assembly. */
export function AssemblySection({
  assembly,
  canCreate,
  onChanged,
  onCreated,
}: {
  /** Null: the user is not an admin of the assembly picked (or there is none). */
  assembly: AdminAssembly | null;
  canCreate: boolean;
  onChanged: () => Promise<void>;
  onCreated: (id: string) => Promise<void>;
}) {
  const styles = useAdminStyles();
  return (
    <div className={styles.grid}>
      {assembly && (
        <Card>
          <SettingsForm key={assembly.id} assembly={assembly} onChanged={onChanged} />
        </Card>
      )}
      {canCreate && (
        <Card>
          <NewAssemblyForm onCreated={onCreated} />
        </Card>
      )}
    </div>
  );
}

function toInput(settings: AssemblySettings): AssemblySettings {
  const { noReturnAfterLeaving, answerChangeWhileOpen, quorum, defaultMajority, timeZone } = settings;
  return { noReturnAfterLeaving, answerChangeWhileOpen, quorum, defaultMajority, timeZone: timeZone.trim() };
}

function SettingsForm({ assembly, onChanged }: { assembly: AdminAssembly; onChanged: () => Promise<void> }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const headingId = useId();
  const action = useAdminAction();
  const [name, setName] = useState(assembly.name);
  const [settings, setSettings] = useState<AssemblySettings>(assembly.settings);
  const [submitted, setSubmitted] = useState(false);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (name.trim() === "" || !isTimeZone(settings.timeZone)) return;
    const done = await action.run(
      async () => {
        await api.request(UPDATE_ASSEMBLY, { a: assembly.id, n: name.trim(), s: toInput(settings) });
        await onChanged();
      },
      () => t("settingsSaved"),
    );
    if (done !== null) setSubmitted(false);
  };

  return (
    <form className={styles.form} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <FormHeading id={headingId} level={2}>
        {t("assemblySettingsTitle")}
      </FormHeading>
      <Field label={t("assemblyName")} required {...requiredState(submitted, name.trim() === "", t)}>
        <Input className={styles.control} value={name} onChange={(_e, d) => setName(d.value)} />
      </Field>
      <SettingsFields settings={settings} onChange={setSettings} submitted={submitted} />
      <ErrorBar error={action.error} />
      <Announce message={action.done} />
      <div>
        <Button className={styles.control} type="submit" appearance="primary" disabled={action.busy}>
          {t("saveSettings")}
        </Button>
      </div>
    </form>
  );
}

function NewAssemblyForm({ onCreated }: { onCreated: (id: string) => Promise<void> }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const headingId = useId();
  const action = useAdminAction();
  const [id, setId] = useState("");
  const [name, setName] = useState("");
  const [seats, setSeats] = useState("");
  const [settings, setSettings] = useState<AssemblySettings>(DEFAULT_SETTINGS);
  const [submitted, setSubmitted] = useState(false);
  const idBad = !ASSEMBLY_ID.test(id.trim());
  const seatCount = /^\d{1,4}$/.test(seats.trim()) ? Number(seats.trim()) : NaN;
  const seatsBad = !(seatCount >= 1 && seatCount <= 1000);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (idBad || seatsBad || name.trim() === "" || !isTimeZone(settings.timeZone)) return;
    const created = { id: id.trim(), name: name.trim() };
    const done = await action.run(
      () => api.request(CREATE_ASSEMBLY, { in: { id: created.id, name: created.name, seatCount, settings: toInput(settings) } }),
      () => t("assemblyCreated", { name: created.name }),
    );
    if (done === null) return;
    setId("");
    setName("");
    setSeats("");
    setSettings(DEFAULT_SETTINGS);
    setSubmitted(false);
    await onCreated(created.id);
  };

  return (
    <form className={styles.form} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <FormHeading id={headingId} level={2}>
        {t("newAssemblyTitle")}
      </FormHeading>
      <Field
        label={t("assemblyId")}
        hint={t("assemblyIdHint")}
        required
        validationState={submitted && idBad ? "error" : "none"}
        validationMessage={submitted && idBad ? t("assemblyIdInvalid") : null}
      >
        <Input className={styles.control} value={id} onChange={(_e, d) => setId(d.value)} />
      </Field>
      <Field label={t("assemblyName")} required {...requiredState(submitted, name.trim() === "", t)}>
        <Input className={styles.control} value={name} onChange={(_e, d) => setName(d.value)} />
      </Field>
      <Field
        label={t("seatCount")}
        required
        validationState={submitted && seatsBad ? "error" : "none"}
        validationMessage={submitted && seatsBad ? t("seatCountInvalid") : null}
      >
        <Input className={styles.control} type="number" inputMode="numeric" min={1} max={1000} step={1} value={seats} onChange={(_e, d) => setSeats(d.value)} />
      </Field>
      <SettingsFields settings={settings} onChange={setSettings} submitted={submitted} />
      <ErrorBar error={action.error} />
      <Announce message={action.done} />
      <div>
        <Button className={styles.control} type="submit" appearance="primary" disabled={action.busy}>
          {t("createAssembly")}
        </Button>
      </div>
    </form>
  );
}

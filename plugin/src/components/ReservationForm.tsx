import { useId, useState, type FormEvent } from "react";
import { Button, Dropdown, Field, Option, Textarea, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { RECORD_RESERVATION } from "../graphql/documents.js";
import { servedOn, type MinutesItem } from "../features/minutes.js";
import { useSession } from "../features/session.js";
import { useI18n } from "../i18n/i18n.js";
import { personLabel } from "./Attendance.js";
import { ErrorBar, useAction } from "./common.js";
import { useMinutesStyles } from "./minutesStyles.js";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, maxWidth: "36rem" },
  dropdown: { minWidth: 0, width: "100%" },
});

/**
 * A reservation against an item's decision (recordReservation): a member who served on the item,
 * with the reasoning if they gave one. `onRecorded` fetches the minutes again.
 */
export function ReservationForm({ item, onRecorded }: { item: MinutesItem; onRecorded: () => Promise<void> }) {
  const styles = useStyles();
  const minutesStyles = useMinutesStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const { busy, error, run } = useAction();
  const headingId = useId();
  const [memberId, setMemberId] = useState<string | null>(null);
  const [text, setText] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const candidates = servedOn(item);
  const chosen = candidates.find((m) => m.id === memberId);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!chosen) return;
    const recorded = await run(async () => {
      await api.request(RECORD_RESERVATION, { i: item.id, id: chosen.id, t: text.trim() === "" ? null : text.trim() });
      await onRecorded();
    });
    if (recorded) {
      setMemberId(null);
      setText("");
      setSubmitted(false);
    }
  };

  return (
    <form className={mergeClasses(styles.form, minutesStyles.noPrint)} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <h3 id={headingId} className={minutesStyles.heading}>
        {t("minutesReservationForm", { number: item.number })}
      </h3>
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
          {candidates.map((m) => (
            <Option key={m.id} value={m.id} text={personLabel(m, t)}>
              {personLabel(m, t)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label={t("minutesReservationText")}>
        <Textarea value={text} resize="vertical" rows={2} onChange={(_e, data) => setText(data.value)} />
      </Field>
      <ErrorBar error={error} />
      <div>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t("minutesRecordReservation")}
        </Button>
      </div>
    </form>
  );
}

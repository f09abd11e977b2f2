import { useId, useState } from "react";
import { Button, Field, MessageBar, MessageBarBody, Select, Text, makeStyles, tokens } from "@fluentui/react-components";
import { TAKE_CHAIR, type MeetingView, type MemberRef } from "../graphql/documents.js";
import { hasRole, presides, useSession } from "../features/session.js";
import { useI18n } from "../i18n/i18n.js";
import { personLabel } from "./Attendance.js";
import { timeOf } from "./Offline.js";
import { ErrorBar } from "./common.js";
import { Announce, useAdminAction } from "./admin/adminCommon.js";

const useStyles = makeStyles({
  heading: { margin: 0 },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  row: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "end" },
  field: { flexGrow: 1, flexBasis: "14rem", minWidth: 0 },
  control: { minHeight: "44px" },
  select: { height: "44px", minWidth: 0, maxWidth: "100%" },
  full: { width: "100%", minWidth: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/**
 * Who presides over the meeting in view (a vice chair takes the chair when the chair is away or has
 * jäv), "Byt ordförande" for whoever presides and for clerks and admins (the presidium's vice chairs
 * first, then the other members holding seats), and who has presided since the meeting opened.
 */
export function Presiding({ meeting }: { meeting: MeetingView }) {
  const styles = useStyles();
  const { t, lang } = useI18n();
  const { api, viewer } = useSession();
  const headingId = useId();
  const action = useAdminAction();
  const [chosen, setChosen] = useState("");
  const presiding = meeting.presiding ?? null;
  const history = meeting.presidingHistory ?? [];
  const viceChairs = (meeting.assembly.presidium?.viceChairs ?? []).filter((m) => m.id !== presiding?.id);
  const others = meeting.seats.map((s) => s.holder).filter((m) => m.id !== presiding?.id && !viceChairs.some((v) => v.id === m.id));
  const candidates: MemberRef[] = [...viceChairs, ...others];
  const candidate = candidates.find((m) => m.id === chosen) ?? null;
  const voteOpen = meeting.agenda.some((i) => i.votes.some((v) => v.status === "OPEN"));
  const mayChange = meeting.status !== "CLOSED" && (presides(viewer, meeting) || hasRole(viewer, "CLERK", "ADMIN"));

  const handleTake = async () => {
    if (!candidate) return;
    const done = await action.run(
      () => api.request(TAKE_CHAIR, { m: meeting.id, id: candidate.id }),
      () => t("presidingChanged", { name: personLabel(candidate, t) }),
    );
    if (done !== null) setChosen("");
  };

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Text className={styles.heading} as="h2" id={headingId} size={500} weight="semibold">
        {t("presidingTitle")}
      </Text>
      <Text size={400} data-presiding>
        {presiding ? t("presidingNow", { name: personLabel(presiding, t) }) : t("presidingNobody")}
      </Text>
      {mayChange && (
        <>
          <div className={styles.row}>
            <Field label={t("presidingCandidate")} className={styles.field}>
              <Select className={styles.full} select={{ className: styles.select }} value={candidate?.id ?? ""} disabled={voteOpen} onChange={(_e, d) => setChosen(d.value)}>
                <option value="">{t("pickMember")}</option>
                {viceChairs.length > 0 && (
                  <optgroup label={t("viceChairsGroup")}>
                    {viceChairs.map((m) => (
                      <option key={m.id} value={m.id}>
                        {personLabel(m, t)}
                      </option>
                    ))}
                  </optgroup>
                )}
                <optgroup label={t("otherMembersGroup")}>
                  {others.map((m) => (
                    <option key={m.id} value={m.id}>
                      {personLabel(m, t)}
                    </option>
                  ))}
                </optgroup>
              </Select>
            </Field>
            <Button className={styles.control} appearance="primary" disabled={!candidate || voteOpen || action.busy} onClick={() => void handleTake()}>
              {t("changePresiding")}
            </Button>
          </div>
          {voteOpen && (
            <MessageBar intent="info">
              <MessageBarBody>{t("presidingLockedVote")}</MessageBarBody>
            </MessageBar>
          )}
        </>
      )}
      <ErrorBar error={action.error} />
      <Announce message={action.done} />
      {history.length > 0 && (
        <section aria-label={t("presidingHistory")}>
          <Text weight="semibold">{t("presidingHistory")}</Text>
          <ul className={styles.list}>
            {history.map((p, i) => (
              <li key={`${p.at}-${i}`}>{t("presidingHistoryEntry", { time: timeOf(p.at, lang), name: personLabel(p.member, t) })}</li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

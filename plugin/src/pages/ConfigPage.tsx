import { useEffect, useRef, useState } from "react";
import { Field, MessageBar, MessageBarBody, Radio, RadioGroup, Spinner, Text, Title2, makeStyles, tokens } from "@fluentui/react-components";
import { ErrorBar } from "../components/common.js";
import { LINK_TEAMS_MEETING, MEETINGS, MEETING_FOR_TEAMS } from "../graphql/documents.js";
import { useI18n } from "../i18n/i18n.js";
import { useSession } from "../features/session.js";

interface MeetingSummary {
  readonly id: string;
  readonly title: string;
  readonly status: "SCHEDULED" | "OPEN" | "CLOSED";
  readonly scheduledAt: string;
}

const useStyles = makeStyles({
  heading: { margin: 0 },
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, maxWidth: "640px" },
});

/**
 * The configurable tab's settings page: the user picks the council meeting held in this Teams
 * meeting; on Save it is linked to the Teams meeting and the tab opens it.
 */
export function ConfigPage() {
  const styles = useStyles();
  const { t, lang } = useI18n();
  const { api, teams } = useSession();
  const [meetings, setMeetings] = useState<readonly MeetingSummary[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The save handler is registered once; it reads the choice at the time Save is pressed.
  const chosenRef = useRef<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const { assemblies } = await api.request<{ assemblies: ReadonlyArray<{ meetings: readonly MeetingSummary[] }> }>(MEETINGS);
      const all = assemblies.flatMap((a) => a.meetings);
      // A tab added again to the same Teams meeting starts from the meeting already linked.
      const linked = teams?.teamsMeetingId
        ? ((await api.request<{ meetingForTeams: { id: string } | null }>(MEETING_FOR_TEAMS, { t: teams.teamsMeetingId })).meetingForTeams?.id ?? null)
        : null;
      if (cancelled) return;
      setMeetings(all);
      if (linked && all.some((m) => m.id === linked)) setChosen(linked);
    })().catch((failure: unknown) => {
      if (!cancelled) setError(t("errorPrefix", { message: failure instanceof Error ? failure.message : String(failure) }));
    });
    return () => {
      cancelled = true;
    };
  }, [api, teams, t]);

  useEffect(() => {
    chosenRef.current = chosen;
    teams?.setConfigValid(chosen !== null);
  }, [chosen, teams]);

  useEffect(() => {
    if (!teams) return;
    teams.onConfigSave(async () => {
      const meetingId = chosenRef.current;
      if (!meetingId) throw new Error(t("configChooseFirst"));
      try {
        if (teams.teamsMeetingId) await api.request(LINK_TEAMS_MEETING, { m: meetingId, t: teams.teamsMeetingId });
      } catch (failure) {
        const message = failure instanceof Error ? failure.message : String(failure);
        setError(t("errorPrefix", { message }));
        throw failure;
      }
      return {
        contentUrl: `${location.origin}/?inTeams=1&meeting=${encodeURIComponent(meetingId)}`,
        entityId: `council-meeting-${meetingId}`,
        suggestedDisplayName: t("appName"),
      };
    });
  }, [teams, api, t]);

  const when = (iso: string) => new Date(iso).toLocaleString(lang === "sv" ? "sv-SE" : "en-GB", { dateStyle: "medium", timeStyle: "short" });

  return (
    <div className={styles.page}>
      <Title2 className={styles.heading} as="h1">{t("configTitle")}</Title2>
      <Text>{t("configHelp")}</Text>
      {!teams && (
        <MessageBar intent="info">
          <MessageBarBody>{t("configOutsideTeams")}</MessageBarBody>
        </MessageBar>
      )}
      {teams && !teams.teamsMeetingId && (
        <MessageBar intent="warning">
          <MessageBarBody>{t("configNoTeamsMeeting")}</MessageBarBody>
        </MessageBar>
      )}
      <ErrorBar error={error} />
      {meetings === null ? (
        !error && <Spinner label={t("loading")} />
      ) : meetings.length === 0 ? (
        <Text>{t("noMeeting")}</Text>
      ) : (
        <Field label={t("meeting")} required>
          <RadioGroup value={chosen ?? ""} onChange={(_e, data) => setChosen(data.value === "" ? null : data.value)}>
            {meetings.map((m) => (
              <Radio
                key={m.id}
                value={m.id}
                disabled={m.status === "CLOSED"}
                label={t("meetingOption", { title: m.title, when: when(m.scheduledAt), status: t(`status${m.status}`) })}
              />
            ))}
          </RadioGroup>
        </Field>
      )}
    </div>
  );
}

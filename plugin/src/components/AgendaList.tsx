import { useId } from "react";
import { Badge, Button, MessageBar, MessageBarBody, Text, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { SET_CURRENT_ITEM, type ItemView, type MeetingView } from "../graphql/documents.js";
import { useI18n } from "../i18n/i18n.js";
import { useSession } from "../features/session.js";
import { ErrorBar, useAction } from "./common.js";

const useStyles = makeStyles({
  heading: { margin: 0 },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  item: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  current: { border: `2px solid ${tokens.colorBrandStroke1}` },
  title: { flexGrow: 1, flexBasis: "160px", minWidth: 0, overflowWrap: "anywhere" },
});

const STATUS_COLOR = { PENDING: "informative", CURRENT: "brand", DECIDED: "success" } as const;

/**
 * The agenda: each item with its status, an extra item marked as added during the meeting, and
 * "Make current" for the chair (not while a vote is open; `readOnly`: not for this user).
 */
export function AgendaList({ meeting, readOnly = false }: { meeting: MeetingView; readOnly?: boolean }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const { busy, error, run } = useAction();
  const headingId = useId();
  const voteOpen = meeting.agenda.some((i) => i.votes.some((v) => v.status === "OPEN"));

  const handleMakeCurrent = (item: ItemView) => void run(() => api.request(SET_CURRENT_ITEM, { m: meeting.id, i: item.id }));

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Text className={styles.heading} as="h2" id={headingId} size={500} weight="semibold">
        {t("agenda")}
      </Text>
      {voteOpen && !readOnly && (
        <MessageBar intent="info">
          <MessageBarBody>{t("agendaLockedVote")}</MessageBarBody>
        </MessageBar>
      )}
      <ErrorBar error={error} />
      <ol className={styles.list}>
        {meeting.agenda.map((item) => {
          const current = item.id === meeting.currentItem?.id;
          return (
            <li key={item.id} className={mergeClasses(styles.item, current && styles.current)} aria-current={current ? "step" : undefined}>
              <Text className={styles.title} weight={current ? "semibold" : "regular"}>
                § {item.number} {item.title}
              </Text>
              {item.addedDuringMeeting && (
                <Badge appearance="tint" color="warning">
                  {t("addedDuringMeeting")}
                </Badge>
              )}
              <Badge appearance="tint" color={STATUS_COLOR[item.status]}>
                {t(`item${item.status}`)}
              </Badge>
              {!readOnly && !current && meeting.status === "OPEN" && (
                <Button disabled={busy || voteOpen} onClick={() => handleMakeCurrent(item)} aria-label={t("makeCurrentNamed", { number: item.number })}>
                  {t("makeCurrent")}
                </Button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

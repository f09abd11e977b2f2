import { useSyncExternalStore } from "react";
import { Badge, Button, MessageBar, MessageBarBody, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { ConnectionStatus } from "../graphql/client.js";
import type { OutboxEntry } from "../features/outbox.js";
import { useSession } from "../features/session.js";
import { useI18n, type Lang } from "../i18n/i18n.js";

const useStyles = makeStyles({
  heading: { margin: 0 },
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: 0, listStyleType: "none", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  entry: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  what: { flexGrow: 1, minWidth: "200px", overflowWrap: "anywhere" },
  refused: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold, overflowWrap: "anywhere" },
});

export function timeOf(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleTimeString(lang === "sv" ? "sv-SE" : "en-GB");
}

/** While the API cannot be reached: says so, and from when the state shown is. */
export function OfflineNotice({ status, receivedAt, member = false }: { status: ConnectionStatus; receivedAt: string | null; member?: boolean }) {
  const { t, lang } = useI18n();
  if (status === "live" || receivedAt === null) return null;
  const time = timeOf(receivedAt, lang);
  return (
    <MessageBar intent="warning" role="status">
      <MessageBarBody>{member ? t("offlineNoticeMember", { time }) : t("offlineNotice", { time })}</MessageBarBody>
    </MessageBar>
  );
}

/** The outbox's entries, as they change. */
export function useOutbox(): readonly OutboxEntry[] {
  const { outbox } = useSession();
  return useSyncExternalStore(outbox.subscribe, outbox.entries);
}

/**
 * The clerk's hand counts that are queued, being sent, recorded since, or refused: each with what
 * it says and where it stands. Shown only when there is something in it.
 */
export function OutboxPanel({ meetingId }: { meetingId: string }) {
  const styles = useStyles();
  const { t, lang } = useI18n();
  const { outbox } = useSession();
  const entries = useOutbox().filter((e) => e.meetingId === meetingId);
  if (entries.length === 0) return null;
  const waiting = entries.some((e) => e.state === "queued");
  return (
    <section className={styles.panel} aria-labelledby="outbox-heading">
      <Text className={styles.heading} as="h2" id="outbox-heading" size={500} weight="semibold">
        {t("outbox")}
      </Text>
      <ul className={styles.list} aria-live="polite">
        {entries.map((e) => {
          const v = e.variables;
          return (
            <li key={e.key} className={styles.entry} data-outbox-state={e.state}>
              <Text className={styles.what}>
                {t("outboxEntry", { number: e.itemNumber, question: e.question, yes: v.yes, no: v.no, abstain: v.abstain, countedAt: timeOf(v.countedAt, lang) })}
              </Text>
              <StateBadge entry={e} lang={lang} />
              {e.state === "queued" && e.attempts > 0 && e.lastTriedAt && (
                <Text size={200}>{t("outboxTried", { attempts: e.attempts, time: timeOf(e.lastTriedAt, lang) })}</Text>
              )}
              {(e.state === "confirmed" || e.state === "refused") && (
                <Button appearance="subtle" onClick={() => outbox.dismiss(e.key)}>
                  {t("outboxDismiss")}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      {waiting && (
        <div>
          <Button appearance="secondary" onClick={() => void outbox.flush()}>
            {t("outboxSendNow")}
          </Button>
        </div>
      )}
    </section>
  );
}

function StateBadge({ entry, lang }: { entry: OutboxEntry; lang: Lang }) {
  const styles = useStyles();
  const { t } = useI18n();
  switch (entry.state) {
    case "queued":
      return (
        <Badge appearance="tint" color="warning">
          {t("outboxQueued")}
        </Badge>
      );
    case "sending":
      return (
        <Badge appearance="tint" color="informative">
          {t("outboxSending")}
        </Badge>
      );
    case "confirmed":
      return (
        <Badge appearance="filled" color="success">
          {t("outboxConfirmed", { time: timeOf(entry.confirmedAt ?? entry.queuedAt, lang) })}
        </Badge>
      );
    case "refused":
      return <Text className={styles.refused}>{t("outboxRefused", { message: entry.message ?? "" })}</Text>;
  }
}

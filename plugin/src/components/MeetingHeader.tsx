import type { ReactNode } from "react";
import { Badge, Text, Title2, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { ConnectionStatus } from "../graphql/client.js";
import { currentOf, type MeetingView } from "../graphql/documents.js";
import { useI18n } from "../i18n/i18n.js";
import { ConnectionBadge } from "./common.js";

const useStyles = makeStyles({
  heading: { margin: 0 },
  header: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  row: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  title: {
    overflowWrap: "break-word",
    hyphens: "auto",
    "@media (max-width: 480px)": { fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600 },
  },
});

/** Meeting title, status, connection and quorum, with the page's own actions (open/close the meeting). */
export function MeetingHeader({ meeting, status, children }: { meeting: MeetingView; status: ConnectionStatus; children?: ReactNode }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { item } = currentOf(meeting);
  return (
    <header className={styles.header}>
      <Title2 as="h1" className={mergeClasses(styles.heading, styles.title)}>
        {meeting.title}
      </Title2>
      <div className={styles.row}>
        <Badge appearance="outline" color={meeting.status === "OPEN" ? "brand" : "informative"}>
          {t(`status${meeting.status}`)}
        </Badge>
        <QuorumBadge meeting={meeting} />
        <ConnectionBadge status={status} />
      </div>
      {meeting.status === "OPEN" && (
        <Text>{item ? t("currentItemIs", { number: item.number, title: item.title }) : t("noCurrentItem")}</Text>
      )}
      {children && <div className={styles.row}>{children}</div>}
    </header>
  );
}

/** "Beslutsförhet: 43 av 23", in words and in red when the meeting may not decide. */
export function QuorumBadge({ meeting }: { meeting: MeetingView }) {
  const { t } = useI18n();
  const { present, required, met } = meeting.quorum;
  const text = t("quorum", { present, required });
  return (
    <Badge appearance={met ? "tint" : "filled"} color={met ? "success" : "danger"} role="status">
      {met ? text : `${text} – ${t("quorumMissing")}`}
    </Badge>
  );
}

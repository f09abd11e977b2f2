import { Badge, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { Choice, VoteView } from "../graphql/documents.js";
import { useI18n } from "../i18n/i18n.js";
import { choiceKey } from "./common.js";

const useStyles = makeStyles({
  heading: { margin: 0 },
  info: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  text: { overflowWrap: "anywhere" },
  line: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
});

/** A vote's round, method, question and sides. */
export function VoteInfo({ vote }: { vote: VoteView }) {
  const styles = useStyles();
  const { t } = useI18n();
  return (
    <div className={styles.info}>
      <div className={styles.line}>
        <Text className={styles.heading} as="h3" size={400} weight="semibold">
          {t("round", { round: vote.round })} · {t(`method${vote.method}`)}
        </Text>
        <Badge appearance="tint" color={vote.status === "OPEN" ? "brand" : vote.status === "CLOSED" ? "success" : "warning"}>
          {t(vote.status === "OPEN" ? "statusOPEN" : vote.status === "CLOSED" ? "voteClosed" : "voteCancelled")}
        </Badge>
      </div>
      <Text className={styles.text}>{vote.question}</Text>
      {vote.yesProposal && <Text className={styles.text}>{t("yesSide", { label: vote.yesProposal.label })}</Text>}
      {vote.noProposal && <Text className={styles.text}>{t("noSide", { label: vote.noProposal.label })}</Text>}
      <Text size={200}>{t(`majority${vote.majority}`)}</Text>
    </div>
  );
}

/** A member's answer as a badge with its word (the colour only repeats it). */
export function AnswerBadge({ choice }: { choice: Choice | null }) {
  const { t } = useI18n();
  if (choice === null) {
    return (
      <Badge appearance="outline" color="informative">
        {t("noAnswer")}
      </Badge>
    );
  }
  return (
    <Badge appearance="filled" color={choice === "YES" ? "success" : choice === "NO" ? "danger" : "warning"}>
      {t(choiceKey(choice))}
    </Badge>
  );
}

/** Each member's counted answer in the vote (superseded device answers do not count). */
export function answersOf(vote: VoteView): ReadonlyMap<string, Choice> {
  return new Map(vote.ballots.filter((b) => !b.superseded).map((b) => [b.member.id, b.choice]));
}

import { useState } from "react";
import { Badge, Button, Dropdown, Field, Option, Text, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { CAST_BALLOT, RECORD_BALLOT, type Choice, type MemberRef, type VoteView } from "../graphql/documents.js";
import { useI18n } from "../i18n/i18n.js";
import { useSession } from "../features/session.js";
import { ErrorBar, choiceKey, useAction } from "./common.js";
import { personLabel } from "./Attendance.js";
import { AnswerBadge, answersOf } from "./VoteInfo.js";

const CHOICES: readonly Choice[] = ["YES", "NO", "ABSTAIN"];

const useStyles = makeStyles({
  heading: { margin: 0 },
  recorder: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  called: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusLarge,
    border: `2px solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  who: { fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600, fontWeight: tokens.fontWeightSemibold, overflowWrap: "anywhere" },
  buttons: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(80px, 1fr))", gap: tokens.spacingHorizontalS },
  // Large touch targets: well over the 48 px minimum.
  answer: { minHeight: "56px", fontSize: tokens.fontSizeBase500 },
  list: { margin: 0, paddingLeft: 0, listStyleType: "none", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  row: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  current: { backgroundColor: tokens.colorNeutralBackground1Selected },
  rowName: { flexGrow: 1, minWidth: "140px", overflowWrap: "anywhere" },
});

/**
 * Records members' answers in an open vote: the member called (the one picked, else the API's
 * nextToAnswer) with large Ja/Nej/Avstår buttons, and the call order with each answer so far.
 * The signed-in member's own answer goes through castBallot, everyone else's through recordBallot.
 */
export function BallotRecorder({ vote, selfMemberId, picker }: { vote: VoteView; selfMemberId: string | null; picker: boolean }) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const { busy, error, run } = useAction();
  const [pickedId, setPickedId] = useState<string | null>(null);
  const answers = answersOf(vote);
  // RULES.md 15: an answer the clerk (or chair) entered for a member is marked as such.
  const byClerk = new Set(vote.ballots.filter((b) => !b.superseded && b.source === "CLERK").map((b) => b.member.id));
  // In a roll-call the API says who is called next; in an electronic vote the clerk picks the member.
  const target = vote.callOrder.find((m) => m.id === pickedId) ?? (vote.method === "ROLL_CALL" ? vote.nextToAnswer : null);

  const handleAnswer = async (member: MemberRef, choice: Choice) => {
    const k = crypto.randomUUID();
    const ok = await run(() =>
      member.id === selfMemberId ? api.request(CAST_BALLOT, { v: vote.id, c: choice, k }) : api.request(RECORD_BALLOT, { v: vote.id, id: member.id, c: choice, k }),
    );
    // Back to the API's order: the next member to call follows the one who answered.
    if (ok) setPickedId(null);
  };

  return (
    <div className={styles.recorder}>
      {picker && (
        <Field label={t("pickMember")}>
          <Dropdown
            placeholder={t("pickMember")}
            value={target ? personLabel(target, t) : ""}
            selectedOptions={target ? [target.id] : []}
            onOptionSelect={(_e, data) => setPickedId(data.optionValue ?? null)}
          >
            {vote.callOrder.map((m) => {
              const answer = answers.get(m.id);
              const text = `${personLabel(m, t)} – ${answer ? t(choiceKey(answer)) : t("noAnswer")}`;
              return (
                <Option key={m.id} value={m.id} text={text}>
                  {text}
                </Option>
              );
            })}
          </Dropdown>
        </Field>
      )}
      {target ? (
        <section className={styles.called} aria-live="polite" aria-label={t("calledNow")}>
          <Text className={styles.who}>
            {target.id === selfMemberId ? t("yourAnswer") : pickedId ? t("recordFor", { name: personLabel(target, t) }) : t("nextToAnswer", { name: personLabel(target, t) })}
          </Text>
          <div>
            <AnswerBadge choice={answers.get(target.id) ?? null} />
          </div>
          <div className={styles.buttons} role="group" aria-label={t("recordFor", { name: target.name })}>
            {CHOICES.map((choice) => (
              <Button
                key={choice}
                size="large"
                className={styles.answer}
                appearance={answers.get(target.id) === choice ? "primary" : "secondary"}
                aria-pressed={answers.get(target.id) === choice}
                disabled={busy}
                onClick={() => void handleAnswer(target, choice)}
              >
                {t(choiceKey(choice))}
              </Button>
            ))}
          </div>
          {pickedId && (
            <div>
              <Button appearance="subtle" onClick={() => setPickedId(null)}>
                {t("backToOrder")}
              </Button>
            </div>
          )}
        </section>
      ) : (
        <Text weight="semibold" role="status">
          {vote.nextToAnswer === null ? t("everyoneAnswered") : t("pickFromList")}
        </Text>
      )}
      <ErrorBar error={error} />
      <section aria-label={t("callOrder")}>
        <Text className={styles.heading} as="h4" weight="semibold">
          {t("callOrder")} ({t("answeredCount", { count: answers.size, eligible: vote.callOrder.length })})
        </Text>
        <ol className={styles.list}>
          {vote.callOrder.map((m, i) => (
            <li key={m.id} className={mergeClasses(styles.row, m.id === target?.id && styles.current)}>
              <Text className={styles.rowName}>
                {i + 1}. {personLabel(m, t)}
              </Text>
              {m.id === target?.id && (
                <Badge appearance="tint" color="brand">
                  {t("calledBadge")}
                </Badge>
              )}
              <AnswerBadge choice={answers.get(m.id) ?? null} />
              {byClerk.has(m.id) && <Text size={200}>{t("byClerk")}</Text>}
              <Button appearance="subtle" disabled={m.id === target?.id} aria-label={t("pickNamed", { name: m.name })} onClick={() => setPickedId(m.id)}>
                {t("pick")}
              </Button>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

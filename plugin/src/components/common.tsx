import { useCallback, useState, type ReactNode } from "react";
import { Badge, Card, CardHeader, Link, MessageBar, MessageBarBody, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { ConnectionStatus } from "../graphql/client.js";
import type { Choice, ItemView, VoteView } from "../graphql/documents.js";
import { useI18n } from "../i18n/i18n.js";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  row: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  proposal: { borderLeft: `3px solid ${tokens.colorBrandStroke1}`, paddingLeft: tokens.spacingHorizontalS },
  counts: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(90px, 1fr))", gap: tokens.spacingHorizontalS },
  count: { display: "flex", flexDirection: "column", alignItems: "center", padding: tokens.spacingVerticalS, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground3 },
});

export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const { t } = useI18n();
  if (status === "live") return <Badge appearance="tint" color="success">{t("live")}</Badge>;
  return (
    <MessageBar intent={status === "connecting" ? "info" : "warning"} role="status">
      <MessageBarBody>{t(status === "connecting" ? "connecting" : "reconnecting")}</MessageBarBody>
    </MessageBar>
  );
}

export function choiceKey(choice: Choice): "yes" | "no" | "abstain" {
  return choice === "YES" ? "yes" : choice === "NO" ? "no" : "abstain";
}

/** The current item: title, case, description, documents and proposals. */
export function ItemCard({ item }: { item: ItemView }) {
  const styles = useStyles();
  const { t } = useI18n();
  return (
    <Card>
      <CardHeader
        header={
          <Text as="h2" size={500} weight="semibold">
            § {item.number} {item.title}
          </Text>
        }
        description={item.caseNumber ? <Text>{t("caseNumber", { value: item.caseNumber })}</Text> : undefined}
      />
      <div className={styles.stack}>
        {item.description && <Text>{item.description}</Text>}
        {item.documentUrls.length > 0 && (
          <section aria-label={t("documents")}>
            <Text weight="semibold">{t("documents")}</Text>
            <ul className={styles.list}>
              {item.documentUrls.map((url) => (
                <li key={url}>
                  <Link href={url} target="_blank" rel="noreferrer">
                    {decodeURIComponent(url.split("/").at(-1) ?? url)}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        )}
        {item.proposals.length > 0 && (
          <section aria-label={t("proposals")} className={styles.stack}>
            <Text weight="semibold">{t("proposals")}</Text>
            {item.proposals.map((p) => (
              <div key={p.id} className={styles.proposal}>
                <Text weight="semibold">{p.label}</Text>
                <br />
                <Text>{p.text}</Text>
                {p.proposedBy && (
                  <>
                    <br />
                    <Text size={200}>{t("proposedBy", { name: p.proposedBy })}</Text>
                  </>
                )}
              </div>
            ))}
          </section>
        )}
        {item.decision && (
          <Text>
            <strong>{t("decision")}:</strong> {item.decision}
          </Text>
        )}
      </div>
    </Card>
  );
}

/** The counts of a vote (live while open, the result once closed). */
export function Counts({ vote, size = 500 }: { vote: VoteView; size?: 500 | 800 | 900 }) {
  const styles = useStyles();
  const { t } = useI18n();
  const numbers = vote.result ?? { ...vote.tally, absent: vote.tally.notVoted };
  const cells: Array<[string, number]> = [
    [t("yes"), numbers.yes],
    [t("no"), numbers.no],
    [t("abstain"), numbers.abstain],
    [vote.result ? t("absent") : t("notVoted"), vote.result ? vote.result.absent : vote.tally.notVoted],
  ];
  return (
    <div className={styles.counts} role="group" aria-label={vote.result ? t("result") : t("voteOpen")}>
      {cells.map(([label, n]) => (
        <div key={label} className={styles.count}>
          <Text size={size} weight="bold">
            {n}
          </Text>
          <Text>{label}</Text>
        </div>
      ))}
    </div>
  );
}

/** The outcome of a closed or cancelled vote in words. */
export function Outcome({ vote }: { vote: VoteView }) {
  const { t } = useI18n();
  if (vote.status === "CANCELLED") return <Text>{t("cancelled", { reason: vote.cancelReason ?? "" })}</Text>;
  if (!vote.result) return null;
  const side = vote.result.outcome === "YES" ? vote.yesProposal?.label : vote.result.outcome === "NO" ? vote.noProposal?.label : undefined;
  return (
    <Text size={500} weight="semibold" role="status">
      {t(vote.result.outcome === "YES" ? "outcomeYES" : vote.result.outcome === "NO" ? "outcomeNO" : "outcomeTIE")}
      {side ? `: ${side}` : ""}
      {vote.result.decidedBy === "CASTING_VOTE" ? ` (${t("byCastingVote")})` : ""}
      {vote.handCount ? ` – ${t("handCounted", { reason: vote.handCount.reason })}` : ""}
    </Text>
  );
}

/** Runs a mutation, tracking that it is under way and what went wrong. */
export function useAction() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (work: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await work();
        return true;
      } catch (failure) {
        setError(t("errorPrefix", { message: failure instanceof Error ? failure.message : String(failure) }));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  return { busy, error, run, clearError: () => setError(null) };
}

export function ErrorBar({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>{error}</MessageBarBody>
    </MessageBar>
  );
}

export function Stack({ children }: { children: ReactNode }) {
  return <div className={useStyles().stack}>{children}</div>;
}

export function Row({ children }: { children: ReactNode }) {
  return <div className={useStyles().row}>{children}</div>;
}

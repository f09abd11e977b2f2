import { useEffect, useState } from "react";
import { Button, Card, CardHeader, Dropdown, Field, MessageBar, MessageBarBody, Option, OptionGroup, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useI18n } from "../i18n/i18n.js";
import type { Role } from "../graphql/documents.js";

/** Demo mode outside Teams: the server signs tokens for its demo users (GET /dev/token). */

const STORAGE_KEY = "council-vote.demo-user";
const tokens_ = new Map<string, Promise<string>>();

export function rememberedDemoUser(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function forgetDemoUser(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage unavailable: nothing to forget
  }
}

export function demoToken(userId: string): Promise<string> {
  const known = tokens_.get(userId);
  if (known) return known;
  const fresh = fetch(`/dev/token?user=${encodeURIComponent(userId)}`).then(async (res) => {
    const body = (await res.json()) as { token?: string; error?: string };
    if (!res.ok || !body.token) throw new Error(body.error ?? `The server answered ${res.status}`);
    return body.token;
  });
  tokens_.set(userId, fresh);
  fresh.catch(() => tokens_.delete(userId));
  return fresh;
}

interface DemoUser {
  readonly userId: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
}

const useStyles = makeStyles({
  card: { maxWidth: "480px", margin: `${tokens.spacingVerticalXXL} auto` },
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

export function SignInPage({ onSignIn }: { onSignIn: (userId: string) => void }) {
  const styles = useStyles();
  const { t } = useI18n();
  const [users, setUsers] = useState<DemoUser[]>([]);
  const [chosen, setChosen] = useState<string>("member-1");
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    fetch("/dev/users")
      .then(async (res) => {
        if (!res.ok) throw new Error(`The server answered ${res.status}`);
        setUsers(((await res.json()) as { users: DemoUser[] }).users);
      })
      .catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)));
  }, []);

  const group = (role: Role) => users.filter((u) => u.roles.includes(role) && (role !== "MEMBER" || !u.roles.includes("CHAIR")));
  const handleSignIn = () => {
    try {
      sessionStorage.setItem(STORAGE_KEY, chosen);
    } catch {
      // private mode: the choice lasts for this page only
    }
    onSignIn(chosen);
  };
  const label = users.find((u) => u.userId === chosen)?.displayName ?? chosen;

  return (
    <Card className={styles.card}>
      <CardHeader header={<Text as="h1" weight="semibold" size={500}>{t("signInTitle")}</Text>} />
      <div className={styles.stack}>
        <Text>{t("signInHelp")}</Text>
        {problem && (
          <MessageBar intent="error">
            <MessageBarBody>{t("signInFailed", { message: problem })}</MessageBarBody>
          </MessageBar>
        )}
        <Field label={t("signInAs")}>
          <Dropdown value={label} selectedOptions={[chosen]} onOptionSelect={(_e, data) => data.optionValue && setChosen(data.optionValue)}>
            {(["CHAIR", "CLERK", "MEMBER", "ADMIN", "OBSERVER"] as const).map((role) => (
              <OptionGroup key={role} label={role}>
                {group(role).map((u) => (
                  <Option key={u.userId} value={u.userId}>
                    {u.displayName}
                  </Option>
                ))}
              </OptionGroup>
            ))}
          </Dropdown>
        </Field>
        <Button appearance="primary" size="large" onClick={handleSignIn}>
          {t("signIn")}
        </Button>
      </div>
    </Card>
  );
}

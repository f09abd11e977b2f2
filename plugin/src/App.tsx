import { useCallback, useEffect, useMemo, useState } from "react";
import {
  Button,
  FluentProvider,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Tab,
  TabList,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  tokens,
} from "@fluentui/react-components";
import { ApiClient, ApiError } from "./graphql/client.js";
import { ENTER_HAND_COUNT, MEETINGS, MEETING_FOR_TEAMS, VIEWER, type Viewer } from "./graphql/documents.js";
import { LocalStore } from "./features/offline.js";
import { Outbox } from "./features/outbox.js";
import { I18nProvider, langOf, translator, useI18n, type Lang } from "./i18n/i18n.js";
import type { StringKey } from "./i18n/strings.js";
import { hasRole, MeetingFeeds, presides, SessionProvider, useLiveMeeting, useSession, type Session } from "./features/session.js";
import { SignInPage, demoToken, forgetDemoUser, rememberedDemoUser } from "./pages/SignInPage.js";
import { MemberPage } from "./pages/MemberPage.js";
import { StagePage } from "./pages/StagePage.js";
import { ChairPage } from "./pages/ChairPage.js";
import { ClerkPage } from "./pages/ClerkPage.js";
import { ConfigPage } from "./pages/ConfigPage.js";
import { MinutesPage } from "./pages/MinutesPage.js";
import { AdminPage } from "./pages/AdminPage.js";
import type { TeamsHost, ThemeName } from "./teams/teams.js";

const THEMES = { light: teamsLightTheme, dark: teamsDarkTheme, highContrast: teamsHighContrastTheme } as const;

export type Screen = "member" | "chair" | "clerk" | "minutes" | "stage" | "admin" | "config";
const SCREENS: readonly Screen[] = ["member", "chair", "clerk", "minutes", "stage", "admin"];
const SCREEN_LABEL = {
  member: "screenMember",
  chair: "screenChair",
  clerk: "screenClerk",
  minutes: "screenMinutes",
  stage: "screenStage",
  admin: "screenAdmin",
  config: "configTitle",
} as const satisfies Record<Screen, StringKey>;

const useStyles = makeStyles({
  root: {
    minHeight: "100vh",
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
    // Printed pages (the minutes) are black on white whatever the theme.
    "@media print": { minHeight: 0, backgroundColor: "#fff", color: "#000" },
  },
  bar: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    "@media print": { display: "none" },
  },
  grow: { flexGrow: 1 },
  // Fluent's TabList does not shrink: in the side panel the screens wrap onto a second line instead of widening the page.
  tabs: { flexWrap: "wrap", flexShrink: 1, minWidth: 0 },
  // The side panel is about 300 px: who is signed in and the switches give way to the screens.
  wide: { "@media (max-width: 480px)": { display: "none" } },
  main: { padding: tokens.spacingHorizontalM, maxWidth: "1100px", margin: "0 auto", overflowWrap: "anywhere", "@media print": { padding: 0, maxWidth: "none" } },
  center: { display: "flex", justifyContent: "center", padding: tokens.spacingVerticalXXL },
});

function isScreen(value: unknown): value is Screen {
  return typeof value === "string" && (SCREENS as readonly string[]).includes(value);
}

/** Which screen a path asks for; "/" picks one by where the tab is shown and who is signed in. */
function screenFor(path: string, teams: TeamsHost | null, viewer: Viewer): Screen {
  const asked = path.replace(/^\/+|\/+$/g, "");
  if (asked === "config") return "config";
  if (isScreen(asked)) return asked;
  if (teams?.surface === "settings") return "config";
  if (teams?.surface === "meetingStage") return "stage";
  if (hasRole(viewer, "CHAIR")) return "chair";
  if (hasRole(viewer, "MEMBER", "CHAIR")) return "member";
  if (hasRole(viewer, "CLERK")) return "clerk";
  if (hasRole(viewer, "ADMIN")) return "admin";
  return "stage";
}

/** The screens a role may use; `presiding`: the user presides over the meeting in view (a vice chair who took the chair). */
function screensFor(viewer: Viewer, presiding = false): Screen[] {
  return SCREENS.filter((s) => {
    if (s === "member") return hasRole(viewer, "MEMBER", "CHAIR");
    if (s === "chair") return hasRole(viewer, "CHAIR") || presiding;
    if (s === "admin") return hasRole(viewer, "ADMIN", "CLERK");
    if (s === "clerk") return hasRole(viewer, "CLERK", "CHAIR");
    if (s === "minutes") return hasRole(viewer, "CLERK", "CHAIR");
    return true;
  });
}

export function App({ teams }: { teams: TeamsHost | null }) {
  const styles = useStyles();
  const params = new URLSearchParams(window.location.search);
  const [theme, setTheme] = useState<ThemeName>(teams?.theme ?? (params.get("theme") === "dark" ? "dark" : "light"));
  const [lang, setLang] = useState<Lang>(langOf(params.get("lang") ?? teams?.locale ?? navigator.language));
  const [demoUser, setDemoUser] = useState<string | null>(teams ? null : (params.get("user") ?? rememberedDemoUser()));
  const [viewer, setViewer] = useState<Viewer | null>(null);
  const [meetingId, setMeetingId] = useState<string | null>(params.get("meeting"));
  const [problem, setProblem] = useState<string | null>(null);
  const [screen, setScreen] = useState<Screen | null>(null);
  const t = translator(lang);

  useEffect(() => teams?.onThemeChange(setTheme), [teams]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const api = useMemo(() => {
    if (teams) return new ApiClient(() => teams.getToken());
    if (demoUser) return new ApiClient(() => demoToken(demoUser));
    return null;
  }, [teams, demoUser]);
  // What this browser keeps is keyed by who is signed in, known before the API answers.
  const identity = teams ? (teams.userId ?? teams.userName ?? "teams-user") : demoUser;
  const store = useMemo(() => (identity ? new LocalStore(identity) : null), [identity]);
  const outbox = useMemo(
    () =>
      api && store
        ? new Outbox(store, async (entry) => {
            await api.request(ENTER_HAND_COUNT, { in: { ...entry.variables, idempotencyKey: entry.key } });
          })
        : null,
    [api, store],
  );
  useEffect(() => outbox?.start(), [outbox]);
  const feeds = useMemo(() => (api && store ? new MeetingFeeds(api, store) : null), [api, store]);

  useEffect(() => {
    if (!api) return;
    let cancelled = false;
    setProblem(null);
    const choose = async (): Promise<{ me: Viewer; id: string | null }> => {
      const { viewer: me } = await api.request<{ viewer: Viewer }>(VIEWER);
      let id = meetingId;
      if (!id && teams?.teamsMeetingId) {
        id = (await api.request<{ meetingForTeams: { id: string } | null }>(MEETING_FOR_TEAMS, { t: teams.teamsMeetingId })).meetingForTeams?.id ?? null;
      }
      // In a Teams meeting only the linked council meeting is shown: never another one by guess.
      if (!id && !teams?.teamsMeetingId) {
        const { assemblies } = await api.request<{ assemblies: { meetings: { id: string; status: string }[] }[] }>(MEETINGS);
        const meetings = assemblies.flatMap((a) => a.meetings);
        id = (meetings.find((m) => m.status === "OPEN") ?? meetings.find((m) => m.status === "SCHEDULED") ?? meetings[0])?.id ?? null;
      }
      store?.saveSession({ viewer: me, meetingId: id });
      return { me, id };
    };
    (async () => {
      let chosen: { me: Viewer; id: string | null };
      try {
        chosen = await choose();
      } catch (error) {
        // The API cannot be reached: open with what this browser kept from the last time it could.
        const kept = error instanceof ApiError && error.code === "NETWORK" ? store?.session() : null;
        if (!kept || (meetingId !== null && kept.meetingId !== meetingId)) throw error;
        chosen = { me: kept.viewer, id: kept.meetingId };
      }
      const { me, id } = chosen;
      if (cancelled) return;
      setViewer(me);
      setMeetingId(id);
      setScreen(screenFor(window.location.pathname, teams, me));
    })().catch((error: unknown) => {
      if (!cancelled) setProblem(t("signInFailed", { message: error instanceof Error ? error.message : String(error) }));
    });
    return () => {
      cancelled = true;
    };
    // The meeting is chosen once per sign-in.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);

  const signOut = useCallback(() => {
    store?.forget();
    forgetDemoUser();
    setViewer(null);
    setDemoUser(null);
  }, [store]);

  const handleScreen = (next: Screen) => {
    setScreen(next);
    window.history.replaceState(null, "", `/${next}${window.location.search}`);
  };

  let body;
  if (problem) {
    body = (
      <MessageBar intent="error">
        <MessageBarBody>{problem}</MessageBarBody>
      </MessageBar>
    );
  } else if (!api) {
    body = <SignInPage onSignIn={setDemoUser} />;
  } else if (!viewer || !screen || !store || !outbox || !feeds) {
    body = (
      <div className={styles.center}>
        <Spinner label={t("loading")} />
      </div>
    );
  } else {
    const session: Session = { api, viewer, teams, signOut, store, outbox, feeds };
    const noMeeting = (
      <MessageBar intent="warning">
        <MessageBarBody>{teams?.teamsMeetingId ? t("noMeetingLinked") : t("noMeeting")}</MessageBarBody>
      </MessageBar>
    );
    const page =
      screen === "config" ? (
        <ConfigPage />
      ) : screen === "admin" ? (
        <AdminPage meetingId={meetingId} />
      ) : !meetingId ? (
        noMeeting
      ) : screen === "member" ? (
        <MemberPage meetingId={meetingId} />
      ) : screen === "chair" ? (
        <ChairPage meetingId={meetingId} />
      ) : screen === "clerk" ? (
        <ClerkPage meetingId={meetingId} />
      ) : screen === "minutes" ? (
        <MinutesPage meetingId={meetingId} />
      ) : (
        <StagePage meetingId={meetingId} />
      );
    const showBar = screen !== "config" && teams?.surface !== "meetingStage";
    body = (
      <SessionProvider session={session}>
        {showBar && (
          <nav className={styles.bar} aria-label={t("appName")}>
            {viewer.member !== null && meetingId !== null ? (
              <LiveScreenTabs meetingId={meetingId} screen={screen} onScreen={handleScreen} />
            ) : (
              <ScreenTabs screens={screensFor(viewer)} screen={screen} onScreen={handleScreen} />
            )}
            <span className={styles.grow} />
            <span className={styles.wide}>{viewer.displayName}</span>
            <Button appearance="subtle" onClick={() => setLang(lang === "sv" ? "en" : "sv")} lang={lang === "sv" ? "en" : "sv"}>
              {t("language")}
            </Button>
            {!teams && (
              <Button appearance="subtle" onClick={signOut}>
                {t("signOut")}
              </Button>
            )}
          </nav>
        )}
        <main className={styles.main}>{page}</main>
      </SessionProvider>
    );
  }

  return (
    <FluentProvider theme={THEMES[theme]} data-theme={theme}>
      <I18nProvider lang={lang} setLang={setLang}>
        <div className={styles.root}>{body}</div>
      </I18nProvider>
    </FluentProvider>
  );
}

function ScreenTabs({ screens, screen, onScreen }: { screens: readonly Screen[]; screen: Screen; onScreen: (screen: Screen) => void }) {
  const styles = useStyles();
  const { t } = useI18n();
  return (
    <TabList className={styles.tabs} selectedValue={screen} onTabSelect={(_e, data) => isScreen(data.value) && onScreen(data.value)}>
      {screens.map((s) => (
        <Tab key={s} value={s}>
          {t(SCREEN_LABEL[s])}
        </Tab>
      ))}
    </TabList>
  );
}

/** A member's tabs follow the meeting: whoever presides over it (a vice chair who took the chair) gets the chair's screen. */
function LiveScreenTabs({ meetingId, screen, onScreen }: { meetingId: string; screen: Screen; onScreen: (screen: Screen) => void }) {
  const { viewer } = useSession();
  const { meeting } = useLiveMeeting(meetingId);
  return <ScreenTabs screens={screensFor(viewer, meeting !== null && presides(viewer, meeting))} screen={screen} onScreen={onScreen} />;
}

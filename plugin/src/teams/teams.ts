import { app, authentication, pages } from "@microsoft/teams-js";

/** Where Teams shows the tab. "none": a plain web page (Teams is not there, or is down). */
export type Surface = "sidePanel" | "meetingStage" | "settings" | "content" | "none";
export type ThemeName = "light" | "dark" | "highContrast";

export interface TeamsHost {
  readonly surface: Surface;
  readonly theme: ThemeName;
  readonly locale: string | null;
  readonly teamsMeetingId: string | null;
  readonly userName: string | null;
  /** The Entra object id of the signed-in user (what the tab keeps in the browser is kept per user). */
  readonly userId: string | null;
  /** The Entra ID SSO token for the API (Teams authentication.getAuthToken). */
  getToken(): Promise<string>;
  onThemeChange(listener: (theme: ThemeName) => void): void;
  /** The configurable tab's save handler: `save` returns the page URL the tab should open. */
  onConfigSave(save: () => Promise<{ contentUrl: string; entityId: string; suggestedDisplayName: string }>): void;
  setConfigValid(valid: boolean): void;
}

/** How long to wait for a Teams host before running as a plain page (teams-js itself waits 60 s). */
const HOST_TIMEOUT_MS = 2000;

export function themeOf(name: string | undefined): ThemeName {
  if (name === "dark") return "dark";
  if (name === "contrast") return "highContrast";
  return "light";
}

function surfaceOf(frameContext: string | undefined): Surface {
  switch (frameContext) {
    case "sidePanel":
    case "meetingStage":
    case "settings":
    case "content":
      return frameContext;
    default:
      return "content";
  }
}

/**
 * Connects to Teams when the page is framed by it, and decides quickly when it is not: a top-level
 * page, or one without the manifest's ?inTeams=1 hint, is a plain web page at once; a framed one
 * gets HOST_TIMEOUT_MS to answer.
 */
export async function connectTeams(location: Location = window.location): Promise<TeamsHost | null> {
  const framed = window.parent !== window;
  const hinted = new URLSearchParams(location.search).get("inTeams") === "1";
  if (!framed || !hinted) return null;
  const origins = hostOrigins();
  const ready = app.initialize(origins.length > 0 ? origins : undefined).then(() => app.getContext());
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), HOST_TIMEOUT_MS));
  let context: app.Context | null;
  try {
    context = await Promise.race([ready, timeout]);
  } catch {
    return null;
  }
  if (context === null) return null;
  app.notifySuccess();
  return {
    surface: surfaceOf(context.page.frameContext),
    theme: themeOf(context.app.theme),
    locale: context.app.locale ?? null,
    teamsMeetingId: context.meeting?.id ?? null,
    userName: context.user?.userPrincipalName ?? null,
    userId: context.user?.id ?? context.user?.userPrincipalName ?? null,
    getToken: () => authentication.getAuthToken(),
    onThemeChange: (listener) => app.registerOnThemeChangeHandler((theme) => listener(themeOf(theme))),
    onConfigSave: (save) =>
      pages.config.registerOnSaveHandler((event) => {
        save()
          .then((config) => pages.config.setConfig({ ...config, websiteUrl: config.contentUrl }))
          .then(() => event.notifySuccess())
          .catch((error: unknown) => event.notifyFailure(error instanceof Error ? error.message : String(error)));
      }),
    setConfigValid: (valid) => pages.config.setValidityState(valid),
  };
}

/**
 * A host page on this machine (the e2e harness, a local test) is trusted as a Teams host in
 * addition to Teams' own origins.
 */
function hostOrigins(): string[] {
  try {
    const referrer = new URL(document.referrer);
    return ["localhost", "127.0.0.1"].includes(referrer.hostname) ? [referrer.origin] : [];
  } catch {
    return [];
  }
}

import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, startServerProcess, type GqlResult, type ServerProcess } from "../../api/src/testing/process.js";

export { REPO_ROOT, type GqlResult };
const PLUGIN_INDEX = join(REPO_ROOT, "plugin", "dist", "index.html");

/** The real server, running as its own process, as a spec sees it. */
export type E2EServer = Pick<ServerProcess, "url" | "dataDir" | "token" | "gql" | "kill" | "restart">;

export interface RunningE2EServer extends E2EServer {
  /** SIGTERM, SIGKILL after 5 s; then removes the data folder. */
  stop(): Promise<void>;
}

/** Page specs need the built tab; API-only specs do not, so only page fixtures call this. */
export function requirePluginBuild(): void {
  if (!existsSync(PLUGIN_INDEX)) {
    throw new Error(`The plugin is not built (${PLUGIN_INDEX} is missing): run \`npm run build:plugin\` first.`);
  }
}

/** Starts `api/src/main.ts` in demo mode on a free port with a fresh DATA_DIR and waits for /healthz. */
export function startE2EServer(): Promise<RunningE2EServer> {
  return startServerProcess();
}

/** The data of a GraphQL request that must succeed (a journey's setup or check); its errors otherwise. */
export async function must<T = Record<string, unknown>>(
  server: E2EServer,
  user: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const result = await server.gql<T>(user, query, variables);
  if (result.errors.length > 0 || result.data === null) throw new Error(`${query}: ${JSON.stringify(result.errors)}`);
  return result.data;
}

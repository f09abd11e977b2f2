import { ConfigError, loadConfig } from "./config.js";
import { startServer } from "./http/server.js";

/** `npm start`: serves the API until SIGINT/SIGTERM. Refuses to start on anything unsafe. */
try {
  const server = await startServer(loadConfig());
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  const known = error instanceof ConfigError || (error instanceof Error && /^Ledger/.test(error.name));
  console.error(known && error instanceof Error ? `Not starting: ${error.message}` : error);
  process.exit(1);
}

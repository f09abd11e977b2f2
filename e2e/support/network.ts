import { createServer, connect, type Server, type Socket } from "node:net";
import type { BrowserContext, Route } from "@playwright/test";

/**
 * A page's own network link to the server: a TCP relay on a port of its own, which the test can cut
 * (every open connection dropped, new ones refused) and restore, as a dead Wi-Fi does. Browser
 * emulation alone is not enough: setOffline lets through what passes a service worker (microsoft/
 * playwright#2311), so a request could still reach the server while its answer was lost. Through a
 * link, nothing gets through while it is cut. A page opened at `link.url` is its own origin, with its
 * own service worker and storage.
 */
export class Link {
  private down = false;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly relay: Server,
    readonly url: string,
  ) {}

  static async to(serverUrl: string): Promise<Link> {
    const target = new URL(serverUrl);
    let link: Link | null = null;
    const relay = createServer((client) => {
      if (!link || link.down) {
        client.destroy();
        return;
      }
      const upstream = connect(Number(target.port), target.hostname);
      for (const s of [client, upstream]) {
        link.sockets.add(s);
        s.on("close", () => link?.sockets.delete(s));
        s.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    const address = relay.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    link = new Link(relay, `http://127.0.0.1:${port}`);
    return link;
  }

  cut(): void {
    this.down = true;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.down = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.relay.close(() => resolve()));
  }
}

/** Cuts a context's link and tells its pages they are offline (navigator.onLine, the offline event). */
export async function cutNetwork(context: BrowserContext, link: Link): Promise<void> {
  link.cut();
  await context.setOffline(true);
  await context.route("**/*", disconnected);
}

export async function restoreNetwork(context: BrowserContext, link: Link): Promise<void> {
  // The link first: a page told it is online sends at once (the outbox, the subscription), and a
  // request let through before the link was back would meet a refused connection (a test's own
  // route that fetches it would fail with ECONNRESET).
  link.restore();
  await context.unroute("**/*", disconnected);
  await context.setOffline(false);
}

async function disconnected(route: Route): Promise<void> {
  await route.abort("internetdisconnected");
}

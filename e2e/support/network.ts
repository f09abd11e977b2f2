import type { BrowserContext, Route } from "@playwright/test";

/**
 * Cuts a browser context off the network, as a pulled cable or a dead Wi-Fi does. setOffline alone
 * does not reach a service worker's own requests (microsoft/playwright#2311), so those are aborted too:
 * whatever the page gets while cut off comes from what the browser kept.
 */
export async function cutNetwork(context: BrowserContext): Promise<void> {
  await context.setOffline(true);
  await context.route("**/*", abortFromServiceWorker);
}

export async function restoreNetwork(context: BrowserContext): Promise<void> {
  await context.unroute("**/*", abortFromServiceWorker);
  await context.setOffline(false);
}

async function abortFromServiceWorker(route: Route): Promise<void> {
  if (route.request().serviceWorker()) await route.abort("internetdisconnected");
  else await route.fallback();
}

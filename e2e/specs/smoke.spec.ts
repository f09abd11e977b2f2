import { expect, screenshot, test } from "../fixtures.js";

// Proves the browser half of the toolchain: Debian's Chromium drives a page the real server serves.
test("GraphiQL opens in Chromium without a CDN and runs the demo query", async ({ page, server }) => {
  // Offline, anything fetched from elsewhere would leave the page blank or broken.
  const elsewhere: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol !== "data:" && url.origin !== server.url) elsewhere.push(request.url());
  });

  await page.goto(`${server.url}/graphql`);
  const editor = page.getByRole("region", { name: "Operation Editor" });
  await expect(editor).toBeVisible();

  // The page comes with a demo token in its headers: the query runs as a signed-in member.
  await page.getByRole("button", { name: /^Execute query/ }).click();
  await expect(page.getByRole("region", { name: "Result Window" })).toContainText('"seatCount": 45');
  expect(elsewhere, "requests that left the server").toEqual([]);
  // The headers hold a freshly signed token: hidden, the picture is the same on every run.
  await page.getByRole("button", { name: "Hide editor tools" }).click();
  await expect(page.getByRole("button", { name: "Show editor tools" })).toBeVisible();
  // Monaco's scrollbars fade in and out on a timer of their own.
  await screenshot(page, "graphiql", { style: ".monaco-scrollable-element > .scrollbar { visibility: hidden !important; }" });
});

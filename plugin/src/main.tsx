import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { connectTeams } from "./teams/teams.js";

const root = document.getElementById("root");
if (root) {
  // Teams is detected first (at most 2 s when framed without a host; at once as a plain page).
  void connectTeams().then((teams) => createRoot(root).render(<App teams={teams} />));
}

// The app shell stays in the browser for a reload while offline (src/serviceWorker.ts). Only the
// built tab has one; where service workers are unavailable (some framed contexts) the tab works
// the same, it just cannot reopen without the network.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => undefined);
}

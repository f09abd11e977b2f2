import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { connectTeams } from "./teams/teams.js";

const root = document.getElementById("root");
if (root) {
  // Teams is detected first (at most 2 s when framed without a host; at once as a plain page).
  void connectTeams().then((teams) => createRoot(root).render(<App teams={teams} />));
}

import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const SERVICE_WORKER = fileURLToPath(new URL("./src/serviceWorker.ts", import.meta.url));

/**
 * The service worker (src/serviceWorker.ts) is built to /sw.js, outside /assets/ so its scope is the
 * whole tab, and /shell-manifest.json lists the files it keeps for a reload while offline.
 */
function appShell(): Plugin {
  return {
    name: "council-vote-app-shell",
    apply: "build",
    buildStart() {
      this.emitFile({ type: "chunk", id: SERVICE_WORKER, fileName: "sw.js" });
    },
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((name) => name !== "sw.js" && name !== "index.html")
        .map((name) => `/${name}`)
        .sort();
      this.emitFile({ type: "asset", fileName: "shell-manifest.json", source: `${JSON.stringify({ files: ["/index.html", ...files] }, null, 2)}\n` });
    },
  };
}

// The tab is built into plugin/dist and served by the API server at / (one origin).
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react(), appShell()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
});

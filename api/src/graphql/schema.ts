import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeSchema, type core } from "nexus";
import * as types from "./types/index.js";

const here = dirname(fileURLToPath(import.meta.url));

export const SDL_PATH = join(here, "..", "..", "schema.graphql");
export const TYPEGEN_PATH = join(here, "nexus-typegen.ts");

/** The schema's configuration, shared by the server and the generate script. */
export const schemaConfig: core.SchemaConfig = {
  types,
  nonNullDefaults: { output: true, input: false },
  sourceTypes: { modules: [{ module: join(here, "sources.ts"), alias: "src" }] },
  contextType: { module: join(here, "context.ts"), export: "Context" },
  // Artifacts are written only by `npm run generate`: never at run time (TOOLCHAIN.md).
  shouldGenerateArtifacts: false,
  outputs: false,
  features: { abstractTypeStrategies: { resolveType: true } },
};

export const schema = makeSchema(schemaConfig);

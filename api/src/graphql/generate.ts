import { readFile, writeFile } from "node:fs/promises";
import nexus from "nexus";
import { SDL_PATH, TYPEGEN_PATH, schemaConfig } from "./schema.js";

/**
 * Writes api/schema.graphql and the nexus typegen (both committed). `npm run generate`; a test
 * fails when the committed files are stale.
 */
export async function generate(sdlPath = SDL_PATH, typegenPath = TYPEGEN_PATH): Promise<void> {
  await nexus.core.generateSchema({
    ...schemaConfig,
    shouldGenerateArtifacts: true,
    outputs: { schema: sdlPath, typegen: typegenPath },
  });
  // NodeNext wants explicit extensions on relative imports.
  const typegen = await readFile(typegenPath, "utf8");
  await writeFile(typegenPath, typegen.replace(/from "(\.{1,2}\/[^"]+?)(?<!\.js)"/g, 'from "$1.js"'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await generate();
  console.log(`wrote ${SDL_PATH} and ${TYPEGEN_PATH}`);
}

/**
 * Regenerates docs/schemas/<Message>.v<N>.json and docs/asyncapi.yaml from @acs/contracts:
 *   npm run schemas:public
 * Schema files of messages no longer in the catalogue are removed; the drift test
 * (public-schemas.spec.ts) fails until this has been run after a contract change.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPublicDocuments, SCHEMAS_DIR } from './render-public-documents';

const documents = await renderPublicDocuments();
mkdirSync(SCHEMAS_DIR, { recursive: true });
for (const name of readdirSync(SCHEMAS_DIR)) {
  const file = join(SCHEMAS_DIR, name);
  if (name.endsWith('.json') && !documents.has(file)) {
    rmSync(file);
    console.log(`removed ${file}`);
  }
}
for (const [file, text] of documents) writeFileSync(file, text);
console.log(`wrote ${documents.size} files`);

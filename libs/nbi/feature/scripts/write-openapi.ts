/**
 * Regenerates docs/openapi.json from the route table:
 *   node --import @swc-node/register/esm-register libs/nbi/feature/scripts/write-openapi.ts
 * Formatted with the repository's Prettier settings, so `prettier --check` agrees with it.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { format, resolveConfig } from 'prettier';
import { buildOpenApiDocument } from '../src/openapi/openapi-document';

export const OPENAPI_FILE = join(import.meta.dirname, '../../../../docs/openapi.json');

const text = JSON.stringify(buildOpenApiDocument(), null, 2);
const options = (await resolveConfig(OPENAPI_FILE)) ?? {};
writeFileSync(OPENAPI_FILE, await format(text, { ...options, parser: 'json' }));
console.log(`wrote ${OPENAPI_FILE}`);

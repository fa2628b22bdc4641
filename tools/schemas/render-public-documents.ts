import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { buildAsyncApiDocument, buildSchemaFiles } from './public-schemas';
import { toYaml } from './yaml';

export const DOCS_DIR = join(import.meta.dirname, '../../docs');
export const SCHEMAS_DIR = join(DOCS_DIR, 'schemas');
export const ASYNCAPI_FILE = join(DOCS_DIR, 'asyncapi.yaml');

/**
 * Every public document as it belongs in docs/ (absolute path → text), formatted with the
 * repository's Prettier settings so that `prettier --check` agrees with the files written.
 */
export async function renderPublicDocuments(): Promise<Map<string, string>> {
  const documents = new Map<string, string>();
  const pretty = async (file: string, text: string, parser: 'json' | 'yaml') =>
    format(text, { ...((await resolveConfig(file)) ?? {}), parser });
  for (const [name, schema] of buildSchemaFiles()) {
    const file = join(SCHEMAS_DIR, name);
    documents.set(file, await pretty(file, JSON.stringify(schema, null, 2), 'json'));
  }
  documents.set(
    ASYNCAPI_FILE,
    await pretty(ASYNCAPI_FILE, toYaml(buildAsyncApiDocument()), 'yaml'),
  );
  return documents;
}

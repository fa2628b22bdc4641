import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { Document, parseXml } from 'libxmljs2';

/** Where the BBF schemas live beside the repository (not part of it). */
export const BBF_DIR = resolve(import.meta.dirname, '../../../../../shared/data/bbf');

export function bbfSchemasPresent(): boolean {
  return existsSync(join(BBF_DIR, 'cwmp-1-4.xsd'));
}

const SCHEMA_FOR_NAMESPACE: Record<string, string> = {
  'urn:dslforum-org:cwmp-1-0': 'cwmp-1-0.xsd',
  'urn:dslforum-org:cwmp-1-1': 'cwmp-1-1.xsd',
  // cwmp-1-4.xsd includes 1-3, which includes 1-2: all three share the cwmp-1-2 namespace.
  'urn:dslforum-org:cwmp-1-2': 'cwmp-1-4.xsd',
};

/**
 * Validates whole envelopes against the BBF CWMP schemas with libxml2's XSD validator. The BBF
 * files import the SOAP schemas and include each other by web URL; copies with those locations
 * pointed at local files are written to a temporary folder, so nothing is ever fetched.
 */
export class CwmpSchemaValidator {
  private readonly folder = mkdtempSync(join(tmpdir(), 'acs-cwmp-xsd-'));
  private readonly schemas = new Map<string, Document>();

  constructor() {
    const local = (name: string) => join(this.folder, name);
    writeFileSync(
      local('soap-envelope.xsd'),
      readFileSync(join(import.meta.dirname, 'schemas/soap-envelope.xsd')),
    );
    writeFileSync(
      local('soap-encoding.xsd'),
      readFileSync(join(import.meta.dirname, 'schemas/soap-encoding.xsd')),
    );
    for (const file of [
      'cwmp-1-0.xsd',
      'cwmp-1-1.xsd',
      'cwmp-1-2.xsd',
      'cwmp-1-3.xsd',
      'cwmp-1-4.xsd',
    ]) {
      const text = readFileSync(join(BBF_DIR, file), 'utf8')
        .replace(
          /schemaLocation="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/?"/g,
          `schemaLocation="${local('soap-envelope.xsd')}"`,
        )
        .replace(
          /schemaLocation="http:\/\/schemas\.xmlsoap\.org\/soap\/encoding\/?"/g,
          `schemaLocation="${local('soap-encoding.xsd')}"`,
        )
        .replace(
          /schemaLocation="http:\/\/www\.broadband-forum\.org\/cwmp\/(cwmp-1-\d\.xsd)"/g,
          (_, name: string) => `schemaLocation="${local(name)}"`,
        );
      writeFileSync(local(file), text);
    }
  }

  /** libxml2's validation errors for one envelope; empty when it is valid. */
  validate(envelopeXml: string, namespace: string): string[] {
    const document = parseXml(envelopeXml, { nonet: true });
    if (document.validate(this.schemaFor(namespace))) return [];
    return (document.validationErrors ?? []).map((error) => `${error.message}`.trim());
  }

  dispose(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }

  private schemaFor(namespace: string): Document {
    const file = SCHEMA_FOR_NAMESPACE[namespace];
    if (!file) throw new Error(`no schema for namespace ${namespace}`);
    let schema = this.schemas.get(file);
    if (!schema) {
      const path = join(this.folder, file);
      schema = parseXml(readFileSync(path, 'utf8'), { nonet: true, baseUrl: path });
      this.schemas.set(file, schema);
    }
    return schema;
  }
}

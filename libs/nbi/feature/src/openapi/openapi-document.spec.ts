import { readFileSync } from 'fs';
import { join } from 'path';
import { TASK_TYPES } from '@acs/contracts';
import { EndpointDef } from '../http/endpoint';
import { ROUTES } from '../http/routes';
import { buildOpenApiDocument } from './openapi-document';

const CHECKED_IN = join(import.meta.dirname, '../../../../../docs/openapi.json');
const REGENERATE =
  'node --import @swc-node/register/esm-register libs/nbi/feature/scripts/write-openapi.ts';

type Node = Record<string, unknown>;

function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => refsIn(item, found));
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsIn(value, found);
    }
  }
  return found;
}

describe('OpenAPI document', () => {
  const document = buildOpenApiDocument();

  it(`is checked in as docs/openapi.json, up to date (regenerate: ${REGENERATE})`, () => {
    const checkedIn = JSON.parse(readFileSync(CHECKED_IN, 'utf8')) as unknown;
    expect(checkedIn).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('describes every route of the table, with its parameters and role', () => {
    const paths = document['paths'] as Record<string, Record<string, Node>>;
    for (const def of Object.values(ROUTES) as EndpointDef[]) {
      const path = '/api/v1' + def.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const operation = paths[path]?.[def.method.toLowerCase()];
      expect(operation).toMatchObject({
        operationId: def.operationId,
        'x-required-role': def.role,
      });
      const pathParameters = (def.path.match(/:([A-Za-z]+)/g) ?? []).map((p) => p.slice(1));
      const documented = ((operation?.['parameters'] ?? []) as Node[])
        .filter((parameter) => parameter['in'] === 'path')
        .map((parameter) => parameter['name']);
      expect(documented).toEqual(pathParameters);
      expect(Object.keys(operation?.['responses'] as Node)).toEqual(
        expect.arrayContaining([String(def.status), '401', '403']),
      );
    }
  });

  it('resolves every $ref to a component', () => {
    const schemas = (document['components'] as { schemas: Node }).schemas;
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(10);
    const components = document['components'] as Record<string, Node>;
    for (const ref of refs) {
      const [, kind, name] = /^#\/components\/(schemas|responses)\/(.+)$/.exec(ref) ?? [];
      expect([ref, components[kind ?? '']?.[name ?? ''] !== undefined]).toEqual([ref, true]);
    }
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['Error', 'Task', 'NewTask', 'TaskFault', 'Device', 'AuditEntry']),
    );
  });

  it('names a task type per NewTask member, so clients see every payload', () => {
    const newTask = (document['components'] as { schemas: Record<string, { anyOf: Node[] }> })
      .schemas['NewTask'];
    const types = newTask?.anyOf.map(
      (member) => ((member['properties'] as Node)['type'] as { const: string }).const,
    );
    expect([...(types ?? [])].sort()).toEqual([...TASK_TYPES].sort());
  });

  it('declares the two ways of presenting a key', () => {
    expect(document['components']).toMatchObject({
      securitySchemes: {
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearerKey: { type: 'http', scheme: 'bearer' },
      },
    });
  });
});

describe('route table', () => {
  it('audits every write, and of the reads only the reveal of a secret', () => {
    const auditedReads = new Set(['revealDeviceSecret']);
    for (const def of Object.values(ROUTES) as EndpointDef[]) {
      expect([def.operationId, def.audit !== undefined]).toEqual([
        def.operationId,
        def.method !== 'GET' || auditedReads.has(def.operationId),
      ]);
    }
  });

  it('has unique operation ids and method-path pairs', () => {
    const defs = Object.values(ROUTES) as EndpointDef[];
    expect(new Set(defs.map((def) => def.operationId)).size).toBe(defs.length);
    expect(new Set(defs.map((def) => `${def.method} ${def.path}`)).size).toBe(defs.length);
  });
});

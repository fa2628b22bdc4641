import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLIC_MESSAGES, TOPICS } from '@acs/contracts';
import { Type } from '@sinclair/typebox';
import {
  buildAsyncApiDocument,
  buildSchemaFiles,
  standaloneSchema,
  UnresolvedReferenceError,
} from './public-schemas';
import { ASYNCAPI_FILE, renderPublicDocuments, SCHEMAS_DIR } from './render-public-documents';
import { toYaml } from './yaml';

const REGENERATE = 'npm run schemas:public';

type Node = Record<string, unknown>;

/** Every object node of a JSON document, with its path. */
function nodes(
  value: unknown,
  path = '#',
  found: Array<[string, Node]> = [],
): Array<[string, Node]> {
  if (Array.isArray(value)) value.forEach((item, i) => nodes(item, `${path}/${i}`, found));
  else if (value !== null && typeof value === 'object') {
    found.push([path, value as Node]);
    for (const [key, item] of Object.entries(value)) nodes(item, `${path}/${key}`, found);
  }
  return found;
}

describe('public message documents', () => {
  it(`are checked in under docs/, up to date (regenerate: ${REGENERATE})`, async () => {
    const documents = await renderPublicDocuments();
    for (const [file, text] of documents) {
      expect({ file, text: existsSync(file) ? readFileSync(file, 'utf8') : 'missing' }).toEqual({
        file,
        text,
      });
    }
    // Nothing stale: every schema file belongs to a message of the catalogue.
    const checkedIn = readdirSync(SCHEMAS_DIR).map((name) => join(SCHEMAS_DIR, name));
    expect(checkedIn.sort()).toEqual(
      [...documents.keys()].filter((f) => f !== ASYNCAPI_FILE).sort(),
    );
  }, 30_000);

  it('give each public message a standalone draft 2020-12 schema', () => {
    const files = buildSchemaFiles();
    expect(files.size).toBe(PUBLIC_MESSAGES.length);
    for (const [name, schema] of files) {
      expect(schema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `urn:acs:schema:${name.replace(/\.v1\.json$/, '')}:v1`,
        type: 'object',
      });
      for (const [path, node] of nodes(schema)) {
        // No reference to resolve, no embedded resource: the file is all a consumer needs.
        expect({ path, ref: node['$ref'] }).toEqual({ path, ref: undefined });
        if (path !== '#') expect({ path, id: node['$id'] }).toEqual({ path, id: undefined });
        // Keywords draft-07 tools also understand (AsyncAPI's schema format is draft-07 based).
        for (const keyword of [
          '$defs',
          'prefixItems',
          'unevaluatedProperties',
          'dependentRequired',
        ]) {
          expect({ path, keyword, present: keyword in node }).toEqual({
            path,
            keyword,
            present: false,
          });
        }
      }
    }
  });

  it('inline the schema a $ref names, and refuse a $ref naming none', () => {
    const address = Type.Object({ city: Type.String() }, { $id: 'Address' });
    const person = Type.Object({ home: Type.Ref(address) });
    const registry = new Map([['Address', JSON.parse(JSON.stringify(address))]]);
    expect(standaloneSchema(person, registry)).toEqual({
      type: 'object',
      required: ['home'],
      properties: {
        home: {
          title: 'Address',
          type: 'object',
          required: ['city'],
          properties: { city: { type: 'string' } },
        },
      },
    });
    expect(() => standaloneSchema(person, new Map())).toThrow(UnresolvedReferenceError);
  });

  describe('AsyncAPI document', () => {
    const document = buildAsyncApiDocument() as {
      channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
      operations: Record<
        string,
        { action: string; channel: { $ref: string }; messages: Array<{ $ref: string }> }
      >;
      components: {
        messages: Record<
          string,
          { payload: { $ref: string }; bindings: { kafka: { key: { description: string } } } }
        >;
      };
    };

    it('has the four public channels, each with the messages of its topic', () => {
      const byAddress = Object.fromEntries(
        Object.values(document.channels).map((channel) => [
          channel.address,
          Object.keys(channel.messages),
        ]),
      );
      const namesOn = (topic: string) =>
        PUBLIC_MESSAGES.filter((m) => m.topic === topic).map((m) => m.name);
      expect(byAddress).toEqual({
        [TOPICS.events]: namesOn(TOPICS.events),
        [TOPICS.commands]: namesOn(TOPICS.commands),
        [TOPICS.commandResults]: ['AcsCommandResult'],
        [TOPICS.audit]: ['AuditEntry'],
      });
    });

    it('sends events, results and audit entries, receives commands', () => {
      const actions = Object.values(document.operations).map((operation) => [
        document.channels[operation.channel.$ref.split('/').pop() ?? '']?.address,
        operation.action,
      ]);
      expect(actions).toEqual([
        [TOPICS.events, 'send'],
        [TOPICS.commands, 'receive'],
        [TOPICS.commandResults, 'send'],
        [TOPICS.audit, 'send'],
      ]);
    });

    it('points every payload at a schema file that exists, and says what the key holds', () => {
      for (const message of PUBLIC_MESSAGES) {
        const described = document.components.messages[message.name];
        const file = join(SCHEMAS_DIR, '..', described?.payload.$ref ?? 'none');
        expect({ file, exists: existsSync(file) }).toEqual({ file, exists: true });
        const keyWords = {
          deviceId: /device id/,
          commandId: /command id/,
          campaignId: /campaign id/,
          auditChain: /whole chain/,
        };
        expect(described?.bindings.kafka.key.description).toMatch(keyWords[message.key]);
      }
    });
  });
});

describe('toYaml', () => {
  const sample = {
    asyncapi: '3.0.0',
    'acs.events': { messages: [{ $ref: '#/a' }, 'plain'], empty: [], none: {} },
    yes: true,
    count: 3,
    nothing: null,
    'two words': 'line\nbreak "quoted"',
  };

  it('writes block YAML, quoting every string and the keys YAML would misread', () => {
    expect(toYaml(sample)).toBe(
      [
        'asyncapi: "3.0.0"',
        'acs.events:',
        '  messages:',
        '    - $ref: "#/a"',
        '    - "plain"',
        '  empty: []',
        '  none: {}',
        '"yes": true',
        'count: 3',
        'nothing: null',
        '"two words": "line\\nbreak \\"quoted\\""',
        '',
      ].join('\n'),
    );
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => toYaml({ when: new Date(0).getTime() / 0 })).toThrow(TypeError);
    expect(() => toYaml({ run: () => undefined })).toThrow(TypeError);
  });
});

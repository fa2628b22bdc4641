import { TOPICS, PUBLIC_MESSAGES, type PublicMessage, type PublicTopic } from '@acs/contracts';
import type { TSchema } from '@sinclair/typebox';

/**
 * The versioned JSON Schemas (draft 2020-12) of every public message, and the AsyncAPI 3.0
 * document of the public topics, built from the contract library's TypeBox schemas (which are
 * JSON Schema already). Each schema file stands alone: references are inlined and the `$id`s
 * TypeBox schemas carry for API documents become titles, so a consumer needs only that file.
 */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const schemaFileName = (message: Pick<PublicMessage, 'name' | 'version'>) =>
  `${message.name}.v${message.version}.json`;

/** A URN rather than a URL: the project publishes its schemas in the repository, at no address. */
const schemaId = (message: PublicMessage) => `urn:acs:schema:${message.name}:v${message.version}`;

export class UnresolvedReferenceError extends Error {
  constructor(readonly ref: string) {
    super(`$ref ${ref} names no schema with that $id`);
    this.name = 'UnresolvedReferenceError';
  }
}

/** Every subschema carrying an `$id`, anywhere inside the given schemas. */
function schemasById(roots: readonly TSchema[]): Map<string, Json> {
  const found = new Map<string, Json>();
  const visit = (node: Json) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      if (typeof node['$id'] === 'string') found.set(node['$id'], node);
      Object.values(node).forEach(visit);
    }
  };
  roots.forEach((root) => visit(plain(root)));
  return found;
}

/** TypeBox keeps its bookkeeping in symbol keys, which JSON leaves out. */
const plain = (schema: TSchema): Json => JSON.parse(JSON.stringify(schema)) as Json;

/**
 * The schema as a standalone document: `$ref`s replaced by the schema they name (from
 * `registry`), nested `$id`s turned into titles (an embedded `$id` would start a new resource
 * and change how references resolve).
 */
export function standaloneSchema(
  schema: TSchema,
  registry: ReadonlyMap<string, Json>,
  resolving: readonly string[] = [],
): Json {
  const rewrite = (node: Json, trail: readonly string[]): Json => {
    if (Array.isArray(node)) return node.map((item) => rewrite(item, trail));
    if (node === null || typeof node !== 'object') return node;
    const ref = node['$ref'];
    if (typeof ref === 'string') {
      const target = registry.get(ref);
      if (target === undefined) throw new UnresolvedReferenceError(ref);
      if (trail.includes(ref)) throw new Error(`$ref ${ref} is recursive: cannot be inlined`);
      return rewrite(target, [...trail, ref]);
    }
    const out: JsonObject = {};
    for (const [name, value] of Object.entries(node)) {
      if (name === '$id') {
        if (typeof value === 'string' && node['title'] === undefined) out['title'] = value;
      } else out[name] = rewrite(value, trail);
    }
    return out;
  };
  return rewrite(plain(schema), resolving);
}

/** File name → schema document, for every public message. */
export function buildSchemaFiles(
  messages: readonly PublicMessage[] = PUBLIC_MESSAGES,
): Map<string, JsonObject> {
  const registry = schemasById(messages.map((message) => message.schema));
  return new Map(
    messages.map((message) => {
      const body = standaloneSchema(message.schema, registry) as JsonObject;
      return [
        schemaFileName(message),
        { $schema: JSON_SCHEMA_DIALECT, $id: schemaId(message), title: message.name, ...body },
      ];
    }),
  );
}

const CHANNELS: Record<
  PublicTopic,
  { id: string; description: string; action: 'send' | 'receive' }
> = {
  [TOPICS.events]: {
    id: 'acsEvents',
    description:
      'Device lifecycle and provisioning outcomes for OSS/BSS. Delivery is at least once: ' +
      'deduplicate by eventId.',
    action: 'send',
  },
  [TOPICS.commands]: {
    id: 'acsCommands',
    description:
      'Commands from OSS/BSS. Each commandId is executed at most once, however often it is ' +
      'delivered; every delivery is answered on acs.command-results.',
    action: 'receive',
  },
  [TOPICS.commandResults]: {
    id: 'acsCommandResults',
    description:
      'One result per delivered command, keyed and correlated by commandId: succeeded, ' +
      'failed, rejected (not a valid command) or duplicate (executed before; not again).',
    action: 'send',
  },
  [TOPICS.audit]: {
    id: 'acsAudit',
    description:
      'The operator API audit trail for a SIEM, published after each entry is stored, in chain ' +
      'order under one key. Delivery is at least once (a pod that restarts publishes again ' +
      'what it was not sure of): deduplicate by seq. The entries form a hash chain (see the ' +
      'schema); `npm run audit:verify` checks the stored one.',
    action: 'send',
  },
};

const KEY_DESCRIPTIONS = {
  deviceId: 'The device id: one device’s messages keep their order.',
  commandId: 'The command id the caller chose.',
  campaignId: 'The firmware campaign id: one campaign’s events keep their order.',
  auditChain: 'Always `nbi-audit`: the whole chain on one partition, in order.',
};

/** The AsyncAPI 3.0 document: the platform's view (it sends events and results, receives commands). */
export function buildAsyncApiDocument(
  messages: readonly PublicMessage[] = PUBLIC_MESSAGES,
): JsonObject {
  const channels: JsonObject = {};
  const operations: JsonObject = {};
  const componentMessages: JsonObject = {};
  for (const [topic, channel] of Object.entries(CHANNELS)) {
    const onTopic = messages.filter((message) => message.topic === topic);
    channels[channel.id] = {
      address: topic,
      description: channel.description,
      messages: Object.fromEntries(
        onTopic.map((message) => [message.name, { $ref: `#/components/messages/${message.name}` }]),
      ),
    };
    operations[`${channel.action}${channel.id.charAt(0).toUpperCase()}${channel.id.slice(1)}`] = {
      action: channel.action,
      channel: { $ref: `#/channels/${channel.id}` },
      messages: onTopic.map((message) => ({
        $ref: `#/channels/${channel.id}/messages/${message.name}`,
      })),
    };
  }
  for (const message of messages) {
    componentMessages[message.name] = {
      name: message.name,
      contentType: 'application/json',
      payload: { $ref: `./schemas/${schemaFileName(message)}` },
      bindings: {
        kafka: {
          key: { type: 'string', description: KEY_DESCRIPTIONS[message.key] },
          bindingVersion: '0.5.0',
        },
      },
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'ACS public messages',
      version: '1.0.0',
      description:
        'What OSS/BSS exchange with the ACS over Kafka. Payloads are the JSON Schemas in ' +
        'docs/schemas (draft 2020-12, using only keywords draft-07 has too); every message ' +
        'carries schemaVersion, and a message of a new version gets a new schema file.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages: componentMessages },
  };
}

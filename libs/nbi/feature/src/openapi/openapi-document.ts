import type { TSchema } from '@sinclair/typebox';
import { API_PREFIX, EndpointDef } from '../http/endpoint';
import { ROUTES } from '../http/routes';
import { ErrorSchema } from '../http/schemas';

/**
 * The OpenAPI 3.1 description of the API, generated from the route table and its TypeBox schemas
 * (JSON Schema already): the document cannot drift from what the controllers validate. Schemas
 * carrying an `$id` become named components. Checked into the repository as docs/openapi.json
 * (scripts/write-openapi.ts); a test fails when the two differ.
 */
export const OPENAPI_INFO = {
  title: 'ACS operator API',
  version: '1.0.0',
  description:
    'Devices, tags, tasks, faults, configurations, presets, subscribers, firmware images, the ' +
    'audit log and API keys of the TR-069 ACS. Every request carries an API key ' +
    '(Authorization: Bearer <key>, or X-API-Key: <key>). Roles: read-only (GET), operator (also ' +
    'writes on devices, tags, tasks, faults, configurations, presets, subscribers and firmware ' +
    'images), admin (everything, including the audit log and API keys). Every write, and every ' +
    'write refused by role or input, is audited; a write whose audit entry cannot be stored is ' +
    'refused (503 audit-unavailable) and not carried out. Requests are limited per API key (or single ' +
    'sign-on user) and per source address (429 rate-limited, with Retry-After), and operations ' +
    'that scan the fleet run a bounded number at once (503 too-many-queries, with Retry-After); ' +
    'refusals by these limits are counted in the metrics, not audited.',
  license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Plain JSON of a schema (TypeBox's symbol-keyed markers dropped), named parts as $refs. */
class SchemaCollector {
  readonly components: Record<string, Json> = {};

  reference(schema: TSchema): Json {
    return this.walk(JSON.parse(JSON.stringify(schema)) as Json);
  }

  private walk(node: Json): Json {
    if (Array.isArray(node)) return node.map((item) => this.walk(item));
    if (node === null || typeof node !== 'object') return node;
    const { $id, ...rest } = node;
    const body = Object.fromEntries(
      Object.entries(rest).map(([key, value]) => [key, this.walk(value)]),
    );
    if (typeof $id !== 'string') return body;
    const existing = this.components[$id];
    if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(body)) {
      throw new Error(`two different schemas are both named ${$id}`);
    }
    this.components[$id] = body;
    return { $ref: `#/components/schemas/${$id}` };
  }
}

const SECURITY: Json[] = [{ apiKeyHeader: [] }, { bearerKey: [] }];

/** The error answers, described once and referred to by every operation. */
const ERROR_RESPONSES = {
  InvalidInput: 'Invalid input; `field` names the bad field',
  Unauthenticated: 'No API key, or an unknown or revoked one',
  Forbidden: 'The key\u2019s role is below the one the operation needs',
  NotFound: 'Not found',
  Conflict: 'Conflicts with the current state',
  TooLarge: 'The body is larger than the API takes',
  Unprocessable: 'Understood, but nothing it asks for can be done (the reason says why)',
  HeadersTooLarge:
    'headers-too-large: the request line (the URL with its query) and the headers together are ' +
    'larger than the API takes (16 KiB)',
  TooManyRequests:
    'rate-limited: the API key (or single sign-on user), or the source address, is over its ' +
    'request budget (per API process); retry after Retry-After seconds',
  TooManyQueries:
    'too-many-queries: this operation scans the fleet, and as many such queries as an API ' +
    'process runs at once are running; retry after Retry-After seconds',
  AuditUnavailable:
    'audit-unavailable: the audit log cannot record this write, so it was not carried out ' +
    '(try again later)',
};

/** Error answers that say when to come back. */
const RETRY_AFTER: Partial<Record<keyof typeof ERROR_RESPONSES, true>> = {
  TooManyRequests: true,
  TooManyQueries: true,
};

const errorResponse = (name: keyof typeof ERROR_RESPONSES): Json => ({
  $ref: `#/components/responses/${name}`,
});

function parametersOf(def: EndpointDef, schemas: SchemaCollector): Json[] {
  const parameters: Json[] = [];
  for (const [location, schema] of [
    ['path', def.params],
    ['query', def.query],
  ] as const) {
    if (!schema) continue;
    const required = new Set(schema.required ?? []);
    for (const [name, property] of Object.entries(schema.properties)) {
      // The description moves from the schema to the parameter, where OpenAPI tools show it.
      const { description, ...json } = schemas.reference(property) as Record<string, Json>;
      parameters.push({
        name,
        in: location,
        required: location === 'path' || required.has(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: json,
      });
    }
  }
  return parameters;
}

function answerOf(
  description: string,
  response: TSchema | undefined,
  headers: Record<string, string> | undefined,
  schemas: SchemaCollector,
): Json {
  return {
    description,
    ...(headers
      ? {
          headers: Object.fromEntries(
            Object.entries(headers).map(([name, about]) => [
              name,
              { description: about, schema: { type: 'string' } },
            ]),
          ),
        }
      : {}),
    ...(response
      ? { content: { 'application/json': { schema: schemas.reference(response) } } }
      : {}),
  };
}

function operationOf(def: EndpointDef, schemas: SchemaCollector): Json {
  const responses: Record<string, Json> = {
    [String(def.status)]: def.rawResponse
      ? {
          description: def.rawResponse.description,
          content: {
            [def.rawResponse.contentType]: { schema: { type: 'string', format: 'binary' } },
          },
        }
      : answerOf(def.response ? 'Success' : 'Done', def.response, def.headers, schemas),
  };
  for (const answer of def.answers ?? []) {
    responses[String(answer.status)] = answerOf(
      answer.description,
      answer.response,
      answer.headers,
      schemas,
    );
  }
  if (def.params || def.query || def.body || def.rawBody)
    responses['400'] = errorResponse('InvalidInput');
  responses['401'] = errorResponse('Unauthenticated');
  responses['403'] = errorResponse('Forbidden');
  if (def.failures?.includes(404)) responses['404'] = errorResponse('NotFound');
  if (def.failures?.includes(409)) responses['409'] = errorResponse('Conflict');
  if (def.failures?.includes(413)) responses['413'] = errorResponse('TooLarge');
  if (def.failures?.includes(422)) responses['422'] = errorResponse('Unprocessable');
  // Every operation has a URL, and a query can make it longer than the server reads.
  responses['431'] = errorResponse('HeadersTooLarge');
  // Every operation can meet the request budgets; a route's own 429 answer already says so.
  responses['429'] ??= errorResponse('TooManyRequests');
  if (def.expensive) responses['503'] ??= errorResponse('TooManyQueries');
  // A write is refused when its audit entry cannot be stored; a route's own 503 says so too.
  if (def.audit && responses['503'] === undefined) {
    responses['503'] = errorResponse('AuditUnavailable');
  }
  const parameters = parametersOf(def, schemas);
  return {
    operationId: def.operationId,
    tags: [def.tag],
    summary: def.summary,
    description: [
      def.description,
      `Role: ${def.role} or above.${def.audit ? ' Audited.' : ''}`,
      def.expensive
        ? 'Scans the fleet: runs among a bounded number of such queries at once per API ' +
          'process (NBI_MAX_EXPENSIVE_QUERIES), else 503 too-many-queries.'
        : undefined,
    ]
      .filter((line) => line !== undefined)
      .join('\n\n'),
    'x-required-role': def.role,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(def.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemas.reference(def.body) } },
          },
        }
      : {}),
    ...(def.rawBody
      ? {
          requestBody: {
            required: true,
            description: def.rawBody.description,
            content: {
              [def.rawBody.contentType]: { schema: { type: 'string', format: 'binary' } },
            },
          },
        }
      : {}),
    responses,
    security: SECURITY,
  };
}

/**
 * The document, as served at GET /api-docs: every route, or without the provisioning or firmware
 * routes when the app serves none (the checked-in document has them all).
 */
export function buildOpenApiDocument(
  options: { provisioning?: boolean; firmware?: boolean } = {},
): Record<string, Json> {
  const schemas = new SchemaCollector();
  schemas.reference(ErrorSchema);
  const paths: Record<string, Record<string, Json>> = {};
  for (const def of Object.values(ROUTES) as EndpointDef[]) {
    if (def.requires && options[def.requires] === false) continue;
    const path = API_PREFIX + def.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] = { ...paths[path], [def.method.toLowerCase()]: operationOf(def, schemas) };
  }
  return {
    openapi: '3.1.0',
    info: OPENAPI_INFO,
    paths,
    components: {
      schemas: Object.fromEntries(
        Object.entries(schemas.components).sort(([a], [b]) => a.localeCompare(b)),
      ),
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([name, description]) => [
          name,
          {
            description,
            ...(RETRY_AFTER[name as keyof typeof ERROR_RESPONSES]
              ? {
                  headers: {
                    'Retry-After': {
                      description: 'Seconds to wait before asking again',
                      schema: { type: 'integer', minimum: 1 },
                    },
                  },
                }
              : {}),
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
      securitySchemes: {
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearerKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'The API key as a bearer token, or, where single sign-on is configured (NBI_OIDC_*), ' +
            "a JWT from the ISP's OpenID Connect provider whose role claim maps to an API role",
        },
      },
    },
  };
}

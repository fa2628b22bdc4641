import {
  applyDecorators,
  HttpCode,
  RequestMapping,
  RequestMethod,
  Res,
  SetMetadata,
} from '@nestjs/common';
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { Validated } from '@acs/contracts';
import type { ApiKeyRole } from '../auth/roles';

/** Every route of the API lives under this prefix. */
export const API_PREFIX = '/api/v1';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * An answer a route gives besides its usual one (`status`): another success status, or a
 * refusal whose body is not the Error schema. The handler returns it as an EndpointAnswer.
 */
export interface AlternativeAnswer {
  status: 200 | 202 | 422 | 429 | 503;
  description: string;
  response?: TSchema;
  /** Response headers: name → description. */
  headers?: Record<string, string>;
}

/**
 * One route of the operator API, described once: Nest binds the handler from it (`@Endpoint`),
 * the guard reads the role, the input decorator validates against its schemas, the audit
 * interceptor records it, and the OpenAPI document is generated from it.
 */
export interface EndpointDef {
  method: HttpMethod;
  /** Under API_PREFIX, Express style: `/devices/:deviceId`. */
  path: string;
  operationId: string;
  /** OpenAPI tag: the resource. */
  tag: string;
  summary: string;
  description?: string;
  /** The least role allowed. */
  role: ApiKeyRole;
  /** Status of a successful answer. */
  status: 200 | 201 | 204;
  params?: TObject;
  query?: TObject;
  body?: TSchema;
  /**
   * A body that is not JSON, streamed by the handler itself (never read by JsonBodyMiddleware):
   * its media type, for the document and the check.
   */
  rawBody?: { contentType: string; description: string };
  /** Overrides the schema check of the body (e.g. picking a union member by its discriminator). */
  validateBody?: (value: unknown) => Validated<unknown>;
  /** Absent for 204. */
  response?: TSchema;
  /** A body that is not JSON, streamed by the handler (StreamAnswer): its media type. */
  rawResponse?: { contentType: string; description: string };
  /** Response headers of the usual answer: name → description. */
  headers?: Record<string, string>;
  /** Answers beyond the usual one, returned by the handler as EndpointAnswer (see ReplyAnswer). */
  answers?: AlternativeAnswer[];
  /** Failure statuses beyond 401/403 (and 400 when there is input): 404, 409. */
  failures?: (404 | 409 | 413 | 422)[];
  /**
   * Scans the fleet (a search, a filter-wide change, a fleet report): runs among a bounded number
   * at once (NBI_MAX_EXPENSIVE_QUERIES), beyond which it is refused with 503 too-many-queries.
   */
  expensive?: true;
  /** Served only when NbiModule is given that context's stores (documented either way). */
  requires?: 'provisioning' | 'firmware';
  /** Writes only: what the audit log records. `target` sees the raw path parameters. */
  audit?: { action: string; target: (params: Record<string, string>) => string };
}

/** Keeps a route's precise schema types (for InputOf) while checking it is an EndpointDef. */
export function defineEndpoint<const D extends EndpointDef>(def: D): D {
  return def;
}

type StaticOr<S, Otherwise> = S extends TSchema ? Static<S> : Otherwise;

/** What `@Input()` hands a handler: params, query and body, validated and typed. */
export interface InputOf<D extends EndpointDef> {
  params: StaticOr<D['params'], Record<string, never>>;
  query: StaticOr<D['query'], Record<string, never>>;
  body: StaticOr<D['body'], undefined>;
}

export const ENDPOINT_METADATA = 'acs:nbi:endpoint';

/** Binds a controller method to its route definition. */
export function Endpoint(def: EndpointDef): MethodDecorator {
  return applyDecorators(
    RequestMapping({ path: def.path, method: RequestMethod[def.method] }),
    HttpCode(def.status),
    SetMetadata(ENDPOINT_METADATA, def),
  );
}

/** The route definition of a handler, when it has one. */
export function endpointOf(handler: object): EndpointDef | undefined {
  return Reflect.getMetadata(ENDPOINT_METADATA, handler) as EndpointDef | undefined;
}

/**
 * What a handler returns to choose its answer's status and headers (Nest fixes a route's status
 * at start-up). The handler must declare `@ReplyAnswer()`, and AnswerInterceptor writes it.
 */
export class EndpointAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

/**
 * The response, for a handler that returns EndpointAnswer: declaring it tells Nest that the
 * answer is written by the API (AnswerInterceptor, after the audit entry), not by Nest.
 */
export const ReplyAnswer = (): ParameterDecorator => Res();

/**
 * An answer whose body is a stream (a file): AnswerInterceptor pipes it with backpressure and
 * cuts the connection if the stream fails half way (the status is out by then).
 */
export class StreamAnswer {
  constructor(
    readonly status: number,
    readonly content: NodeJS.ReadableStream,
    readonly headers: Record<string, string> = {},
  ) {}
}

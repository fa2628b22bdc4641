import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { Validated, validatorFor } from '@acs/contracts';
import { InvalidInputError } from '../errors/nbi-errors';
import { EndpointDef, endpointOf } from './endpoint';
import type { NbiRequest } from './nbi-request';
import { isJsonQueryParameter } from './schemas';

const NO_INPUT = Type.Object({}, { additionalProperties: false });

const validators = new WeakMap<TSchema, (value: unknown) => Validated<unknown>>();

function validatorOf(schema: TSchema): (value: unknown) => Validated<unknown> {
  let validate = validators.get(schema);
  if (!validate) {
    validate = validatorFor(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/** `/payload/parameterNames/0` → `payload.parameterNames[0]`; the root → where it came from. */
export function fieldOfPointer(pointer: string, root: string): string {
  const segments = pointer.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) return root;
  return segments
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((field, segment, i) =>
      i === 0 ? segment : /^\d+$/.test(segment) ? `${field}[${segment}]` : `${field}.${segment}`,
    );
}

/** The first error of a failed check as InvalidInputError (validatorFor reports `path: message`). */
function failure(result: Validated<unknown>, root: string): InvalidInputError | null {
  if (result.ok) return null;
  const first = result.errors[0] ?? '/: invalid';
  const separator = first.indexOf(': ');
  const pointer = separator < 0 ? '/' : first.slice(0, separator);
  const message = separator < 0 ? first : first.slice(separator + 2);
  return new InvalidInputError(fieldOfPointer(pointer, root), message);
}

function check(schema: TSchema, value: unknown, root: string, validate = validatorOf(schema)) {
  const error = failure(validate(value), root);
  if (error) throw error;
  return value;
}

/** Query strings become numbers and booleans where the schema says so; JSON parameters are parsed. */
function readQuery(schema: TSchema, raw: Record<string, unknown>): Record<string, unknown> {
  const converted = Value.Convert(schema, { ...raw }) as Record<string, unknown>;
  check(schema, converted, 'query');
  const properties = (schema as { properties?: Record<string, unknown> }).properties ?? {};
  for (const [name, propertySchema] of Object.entries(properties)) {
    const text = converted[name];
    if (typeof text !== 'string' || !isJsonQueryParameter(propertySchema)) continue;
    try {
      converted[name] = JSON.parse(text) as unknown;
    } catch {
      throw new InvalidInputError(name, 'is not valid JSON');
    }
  }
  return converted;
}

/** Params, query and body of a request, checked against its route's schemas. */
export function readInput(def: EndpointDef, request: NbiRequest) {
  const params = check(def.params ?? NO_INPUT, { ...request.params }, 'params');
  const query = readQuery(def.query ?? NO_INPUT, request.query ?? {});
  let body: unknown = undefined;
  if (def.body) {
    if (request.nbi?.bodyError) throw new InvalidInputError('body', request.nbi.bodyError);
    if (request.body === undefined) throw new InvalidInputError('body', 'a JSON body is required');
    body = check(def.body, request.body, 'body', def.validateBody);
  }
  return { params, query, body };
}

/**
 * The handler's validated input (`InputOf<typeof ROUTES.x>`), read against the schemas of the
 * route the handler is bound to. Runs after the guards: authentication is refused before input
 * is looked at.
 */
export const Input = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const def = endpointOf(context.getHandler());
  if (!def) throw new Error(`${context.getHandler().name} has no @Endpoint`);
  return readInput(def, context.switchToHttp().getRequest<NbiRequest>());
});

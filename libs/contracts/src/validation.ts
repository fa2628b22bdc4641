import { TSchema, Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * A compiled validator for a contract schema: what every transport runs on a message at its
 * edge. Errors name the offending path (`/inform/deviceId/oui: Expected string`).
 */
export function validatorFor<S extends TSchema>(
  schema: S,
): (value: unknown) => Validated<Static<S>> {
  const compiled = TypeCompiler.Compile(schema);
  return (value) => {
    if (compiled.Check(value)) return { ok: true, value };
    const errors = [...compiled.Errors(value)]
      .slice(0, 10)
      .map((error) => `${error.path || '/'}: ${error.message}`);
    return { ok: false, errors };
  };
}

/**
 * A validator for a union discriminated by one field: the member is picked by that field first, so
 * errors point inside the member (`/inform/deviceId/serialNumber`) instead of "no union member".
 */
export function discriminatedValidatorFor<S extends TSchema>(
  field: string,
  members: Record<string, S>,
): (value: unknown) => Validated<Static<S>> {
  const validators = new Map(
    Object.entries(members).map(([tag, schema]) => [tag, validatorFor(schema)]),
  );
  return (value) => {
    const tag =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[field]
        : undefined;
    const validate = typeof tag === 'string' ? validators.get(tag) : undefined;
    if (!validate)
      return {
        ok: false,
        errors: [`/${field}: expected one of ${[...validators.keys()].join(', ')}`],
      };
    return validate(value);
  };
}

import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { QuirkProfile } from './quirk-profile';

/** One reason a list of quirk profiles was refused; `path` points into the input (`/2/match/oui/0`). */
export interface QuirkProfileError {
  path: string;
  message: string;
}

export type QuirkProfilesValidation =
  | { ok: true; value: QuirkProfile[] }
  | { ok: false; errors: QuirkProfileError[] };

const BatchSize = Type.Integer({ minimum: 1, maximum: 10_000 });

const QuirkProfileSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 128 }),
    description: Type.String({ maxLength: 1024 }),
    match: Type.Object(
      {
        oui: Type.Optional(
          Type.Array(Type.String({ pattern: '^[0-9A-Fa-f]{6}$' }), { minItems: 1, maxItems: 100 }),
        ),
        productClass: Type.Optional(
          Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 100 }),
        ),
        softwareVersion: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
      },
      { additionalProperties: false },
    ),
    encode: Type.Optional(
      Type.Object(
        {
          booleansAsDigits: Type.Optional(Type.Boolean()),
          dateTimeFractions: Type.Optional(Type.Boolean()),
          nextLevelAsDigit: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    behaviour: Type.Optional(
      Type.Object(
        {
          gpvBatchSize: Type.Optional(BatchSize),
          spvBatchSize: Type.Optional(BatchSize),
          gpnOnRoot: Type.Optional(Type.Boolean()),
          partialPathGpv: Type.Optional(Type.Boolean()),
          ownConnectionRequestCredentials: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const QuirkProfilesSchema = Type.Array(QuirkProfileSchema, { maxItems: 10_000 });
const compiled = TypeCompiler.Compile(QuirkProfilesSchema);
const MAX_ERRORS = 20;

/**
 * Checks quirk profiles read from configuration (a file, an API body). A misspelt field is
 * refused rather than ignored: a quirk that silently does not apply is worse than a start-up error.
 */
export function validateQuirkProfiles(input: unknown): QuirkProfilesValidation {
  if (!compiled.Check(input)) {
    const errors = [...compiled.Errors(input)]
      .slice(0, MAX_ERRORS)
      .map((error) => ({ path: error.path || '/', message: error.message }));
    return { ok: false, errors };
  }
  const errors: QuirkProfileError[] = [];
  const seen = new Map<string, number>();
  input.forEach((profile, index) => {
    const first = seen.get(profile.id);
    if (first !== undefined)
      errors.push({
        path: `/${index}/id`,
        message: `duplicate id '${profile.id}' (also /${first})`,
      });
    else seen.set(profile.id, index);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: input };
}

import { Kind, TObject, TSchema, Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * Typed configuration read once at start-up from environment variables. Each property of the
 * schema names its variable in an `env` option:
 *
 *   Type.Integer({ env: 'CWMP_PORT', default: 7547, minimum: 1, maximum: 65535 })
 *
 * Values are converted by the property's type (integers, numbers, booleans as true/false/1/0,
 * string arrays as comma lists), defaults applied, then the whole object validated: every
 * problem is reported at once, naming the variable, so a bad deployment fails before it serves.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

type Env = Record<string, string | undefined>;

export function configFromEnv<S extends TObject>(schema: S, env: Env = process.env): Static<S> {
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  const variableOf = new Map<string, string>();
  for (const [property, propertySchema] of Object.entries(schema.properties)) {
    const variable = (propertySchema as TSchema & { env?: string }).env;
    if (!variable) throw new Error(`config property ${property} names no env variable`);
    variableOf.set(property, variable);
    const text = env[variable];
    if (text === undefined || text === '') continue;
    const value = convert(text, propertySchema);
    if (value === INVALID) problems.push(`${variable}: cannot read ${JSON.stringify(text)}`);
    else raw[property] = value;
  }
  const withDefaults = Value.Default(schema, raw) as Record<string, unknown>;
  for (const error of Value.Errors(schema, withDefaults)) {
    const property = error.path.split('/')[1] ?? '';
    problems.push(`${variableOf.get(property) ?? property}: ${error.message}`);
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return withDefaults as Static<S>;
}

const INVALID = Symbol('invalid');

function convert(text: string, schema: TSchema): unknown {
  switch (schema[Kind]) {
    case 'Integer':
    case 'Number': {
      const value = Number(text.trim());
      return Number.isFinite(value) ? value : INVALID;
    }
    case 'Boolean':
      if (/^(true|1|yes|on)$/i.test(text.trim())) return true;
      if (/^(false|0|no|off)$/i.test(text.trim())) return false;
      return INVALID;
    case 'Array':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    default:
      return text;
  }
}

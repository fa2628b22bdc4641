import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { readFile } from 'fs/promises';
import {
  DuplicateCredentialsError,
  InMemoryCredentialsProvider,
} from '../memory/in-memory-credentials-provider';
import type {
  CredentialsProvider,
  CredentialsQuery,
  ExpectedCredentials,
} from '../../ports/credentials-provider';

const NonEmpty = Type.String({ minLength: 1 });

/**
 * The file format (JSON):
 * ```json
 * {
 *   "devices": [{ "oui": "00259E", "productClass": "HG8245H", "serialNumber": "4857544312345678",
 *                 "username": "cpe-4857544312345678", "password": "..." }],
 *   "deviceClasses": [{ "oui": "00259E", "productClass": "HG8245H", "username": "acs", "password": "..." },
 *                     { "oui": "001A2B", "username": "acs", "password": "..." }]
 * }
 * ```
 * A class entry without productClass covers every device of that OUI. Unknown properties are
 * refused so a misspelt "pasword" fails the load instead of locking devices out.
 */
export const CredentialsFileSchema = Type.Object(
  {
    devices: Type.Optional(
      Type.Array(
        Type.Object(
          {
            oui: NonEmpty,
            productClass: Type.String(),
            serialNumber: NonEmpty,
            username: NonEmpty,
            password: NonEmpty,
          },
          { additionalProperties: false },
        ),
      ),
    ),
    deviceClasses: Type.Optional(
      Type.Array(
        Type.Object(
          {
            oui: NonEmpty,
            productClass: Type.Optional(NonEmpty),
            username: NonEmpty,
            password: NonEmpty,
          },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);

export type CredentialsFile = Static<typeof CredentialsFileSchema>;

/** A credentials file that cannot be used; the message says which file and where, never a value. */
export class CredentialsFileError extends Error {
  override readonly name = 'CredentialsFileError';

  constructor(
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`credentials file ${path}: ${problems.join('; ')}`);
  }
}

const MAX_LISTED_PROBLEMS = 5;

/**
 * Credentials read from a JSON file at start-up (and on `reload()`), validated as a whole: a file
 * with any error is refused and, on reload, the previous contents stay in force.
 */
export class ConfigFileCredentialsProvider implements CredentialsProvider {
  private constructor(
    readonly path: string,
    private table: InMemoryCredentialsProvider,
  ) {}

  static async load(path: string): Promise<ConfigFileCredentialsProvider> {
    return new ConfigFileCredentialsProvider(path, await readCredentialsFile(path));
  }

  async reload(): Promise<void> {
    this.table = await readCredentialsFile(this.path);
  }

  find(query: CredentialsQuery): Promise<readonly ExpectedCredentials[]> {
    return this.table.find(query);
  }
}

async function readCredentialsFile(path: string): Promise<InMemoryCredentialsProvider> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new CredentialsFileError(path, [`cannot be read (${code})`]);
  }
  const content = parseJson(path, text);
  const problems = [...Value.Errors(CredentialsFileSchema, content)].map(
    (error) => `${error.path || '/'}: ${error.message.toLowerCase()}`,
  );
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    if (problems.length > listed.length) listed.push(`and ${problems.length - listed.length} more`);
    throw new CredentialsFileError(path, listed);
  }
  try {
    return new InMemoryCredentialsProvider(content as CredentialsFile);
  } catch (error) {
    if (error instanceof DuplicateCredentialsError) {
      throw new CredentialsFileError(path, [error.message]);
    }
    throw error;
  }
}

/**
 * V8's JSON.parse messages may quote a piece of the text, which here could be a password: only
 * the position is reported, as line and column.
 */
function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    if (position?.[1] === undefined) {
      throw new CredentialsFileError(path, ['is not valid JSON']);
    }
    const before = text.slice(0, Number(position[1])).split('\n');
    const line = before.length;
    const column = (before[before.length - 1]?.length ?? 0) + 1;
    throw new CredentialsFileError(path, [`is not valid JSON (line ${line}, column ${column})`]);
  }
}

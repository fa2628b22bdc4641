import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import type { DecodeErrorCode, Envelope } from '../src';

/**
 * The golden fixtures: envelopes as real CPE stacks write them (cpe/<MessageType>/) and the
 * interop quirks of CWMP.md (quirks/), each next to the value `decodeEnvelope` must produce
 * (`<case>.expected.json`) or the typed error it must fail with (`<case>.expected-error.json`).
 */
export interface Fixture {
  /** `cpe/Inform/tr181-boot` or `quirks/boolean-digits`. */
  id: string;
  /** The message-type folder for cpe fixtures, undefined for quirks. */
  messageType?: string;
  xml: Buffer;
  expected?: Envelope;
  expectedError?: { code: DecodeErrorCode; path?: string };
}

export const FIXTURES_DIR = join(import.meta.dirname, '../src/fixtures');
const CPE_DIR = join(FIXTURES_DIR, 'cpe');

function readJson<T>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}

function fixturesIn(folder: string, id: string, messageType?: string): Fixture[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.xml'))
    .sort()
    .map((file) => {
      const base = join(folder, file.slice(0, -'.xml'.length));
      return {
        id: `${id}/${file.slice(0, -'.xml'.length)}`,
        messageType,
        xml: readFileSync(`${base}.xml`),
        expected: readJson<Envelope>(`${base}.expected.json`),
        expectedError: readJson<{ code: DecodeErrorCode; path?: string }>(
          `${base}.expected-error.json`,
        ),
      };
    });
}

/** The message-type folders under cpe/, sorted. */
export const MESSAGE_FOLDERS = readdirSync(CPE_DIR)
  .filter((name) => statSync(join(CPE_DIR, name)).isDirectory())
  .sort();

export const CPE_FIXTURES = MESSAGE_FOLDERS.flatMap((type) =>
  fixturesIn(join(CPE_DIR, type), `cpe/${type}`, type),
);
export const QUIRK_FIXTURES = fixturesIn(join(FIXTURES_DIR, 'quirks'), 'quirks');
export const ALL_FIXTURES = [...CPE_FIXTURES, ...QUIRK_FIXTURES];

import { ChildProcess, spawn } from 'child_process';
import { createRequire } from 'module';
import { join } from 'path';
import type { DecodeOptions } from '../src';

/** What one decodeEnvelope call did, in plain data that crosses the process boundary. */
export type DecodeOutcome =
  | { kind: 'decoded'; value: unknown }
  | {
      kind: 'failed';
      isDecodeError: boolean;
      code: string;
      path: unknown;
      message: string;
    }
  /** decodeEnvelope itself threw, which its contract rules out. */
  | { kind: 'threw'; error: string };

/**
 * Well above what any case needs (a few milliseconds), so only a hang or a runaway blow-up trips
 * it, never a slow machine: this is a hang detector, not a speed assertion.
 */
export const HANG_LIMIT_MS = 2_000;

const CODEC_INDEX = join(import.meta.dirname, '../src/index.ts');
const SWC_REGISTER = createRequire(import.meta.url).resolve('@swc-node/register');

/**
 * The child's program, as CommonJS: swc-node's require hook compiles the codec's TypeScript, so
 * the child needs neither a build nor Jest's transformer.
 */
const CHILD_SOURCE = `
require(${JSON.stringify(SWC_REGISTER)});
const { decodeEnvelope, DecodeError } = require(${JSON.stringify(CODEC_INDEX)});
process.on('message', ({ id, input, options }) => {
  let outcome;
  try {
    const bytes = typeof input === 'string' ? input : Buffer.from(input);
    const result = decodeEnvelope(bytes, options);
    outcome = result.ok
      ? { kind: 'decoded', value: result.value }
      : {
          kind: 'failed',
          isDecodeError: result.error instanceof DecodeError,
          code: result.error.code,
          path: result.error.context && result.error.context.path,
          message: result.error.message,
        };
  } catch (error) {
    outcome = { kind: 'threw', error: String((error && error.stack) || error) };
  }
  process.send({ id, outcome });
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
`;

interface Pending {
  resolve(outcome: DecodeOutcome): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

type ChildMessage = { ready: true } | { id: number; outcome: DecodeOutcome };

/**
 * decodeEnvelope in a child process, so that a case that never returns fails its property with
 * the input that caused it (a synchronous hang in the test's own thread would freeze Jest with no
 * counterexample). A process rather than a worker thread: libxmljs2's addon loads once per
 * process, and SIGKILL also stops a loop inside libxml2. A hung child is replaced for the next
 * case.
 */
export class GuardedDecoder {
  private child!: ChildProcess;
  private ready!: Promise<void>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor() {
    this.start();
  }

  /** Resolves once the child has compiled and loaded the codec (slow on a loaded machine). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  async decode(input: string | Buffer, options: DecodeOptions = {}): Promise<DecodeOutcome> {
    await this.ready;
    const id = this.nextId++;
    return new Promise<DecodeOutcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`decodeEnvelope gave no answer within ${HANG_LIMIT_MS} ms: it hangs`));
        this.restart();
      }, HANG_LIMIT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.child.send({ id, input, options }, (error) => {
        if (error) this.settle(id, error);
      });
    });
  }

  close(): void {
    this.child.kill('SIGKILL');
  }

  private start(): void {
    const child = spawn(process.execPath, ['-e', CHILD_SOURCE], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    this.child = child;
    this.ready = new Promise<void>((resolve, reject) => {
      child.on('message', (message: ChildMessage) => {
        if ('ready' in message) resolve();
        else this.settle(message.id, message.outcome);
      });
      // Sends to a child that was just killed fail here; their cases fail, not the test run.
      child.on('error', (error) => {
        reject(error);
        for (const id of [...this.pending.keys()]) this.settle(id, error);
      });
      child.once('exit', (code, signal) => {
        const error = new Error(`decoder process exited (${signal ?? code})`);
        reject(error);
        for (const id of [...this.pending.keys()]) this.settle(id, error);
      });
    });
    // A child that dies before the first case is reported by whenReady, not as unhandled.
    this.ready.catch(() => undefined);
  }

  private settle(id: number, outcome: DecodeOutcome | Error): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(id);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  private restart(): void {
    this.child.kill('SIGKILL');
    this.start();
  }
}

/**
 * The decoder's contract on any input: a value, or a DecodeError with a code other than INTERNAL
 * (which only wraps an untyped throw from inside a decoder) and a non-empty path.
 */
export function assertTypedOutcome(outcome: DecodeOutcome): void {
  if (outcome.kind === 'threw') {
    throw new Error(`decodeEnvelope threw instead of returning a result: ${outcome.error}`);
  }
  if (outcome.kind === 'decoded') {
    assertPlainValue(outcome.value, 'value');
    return;
  }
  if (!outcome.isDecodeError) throw new Error(`failure is not a DecodeError: ${outcome.message}`);
  if (outcome.code === 'INTERNAL') {
    throw new Error(`an untyped error escaped a decoder: ${outcome.message}`);
  }
  if (typeof outcome.path !== 'string' || outcome.path === '') {
    throw new Error(`DecodeError ${outcome.code} has no path: ${outcome.message}`);
  }
}

/** A decoded value holds strings, booleans, null and safe integers only: what JSON carries intact. */
function assertPlainValue(value: unknown, where: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`${where} is not a safe integer: ${value}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertPlainValue(item, `${where}[${index}]`));
    return;
  }
  if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) assertPlainValue(item, `${where}.${key}`);
    return;
  }
  throw new Error(`${where} has unexpected type ${typeof value}`);
}

import type { SharedServiceName, SharedServices } from './services';

/** Set by Jest's global setup: where the run's shared servers answer. */
const SERVICES_URL_ENV = 'ACS_TEST_SERVICES_URL';

/**
 * The run's shared `name` server, or undefined when this process runs outside the global setup
 * (a single project's jest, a benchmark): the caller then starts one of its own.
 */
export async function sharedService<K extends SharedServiceName>(
  name: K,
): Promise<SharedServices[K] | undefined> {
  const base = process.env[SERVICES_URL_ENV];
  if (!base) return undefined;
  // The first suite may wait for the server to come up (the first run also resolves its jars and builds FerretDB).
  const response = await fetch(`${base}/${name}`, { signal: AbortSignal.timeout(600_000) });
  if (!response.ok) throw new Error(`shared ${name} failed to start: ${await response.text()}`);
  return (await response.json()) as SharedServices[K];
}

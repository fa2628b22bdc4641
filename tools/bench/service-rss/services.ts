import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FERRETDB_WRITES_PER_COMMAND,
  freePort,
  scratchMongoDatabase,
  startServiceProcess,
  type RedisServer,
  type ServiceProcess,
  secretKeysEnv,
} from '@acs/testing';
import type { BenchTopics } from '../support/bench-kafka';
import { processMemory } from '../support/proc-memory';
import type { Runtime } from './load';

export interface MeasuredService {
  name: string;
  /** VmRSS and VmHWM (the peak so far) of the process, in kB. */
  memory(): { rssKb: number; peakKb: number };
}

export interface Measured {
  label: string;
  cwmpUrl: string;
  services: MeasuredService[];
  stop(): Promise<void>;
}

function measured(name: string, service: ServiceProcess): MeasuredService {
  return { name, memory: () => processMemory(service.child.pid ?? -1) };
}

/** Gateway, inventory, provisioning and firmware, each a process, as deployed (CWMP_AUTH=none). */
export async function startScaled(
  runtime: Runtime,
  redis: RedisServer,
  kafka: BenchTopics,
): Promise<Measured> {
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopper of stoppers.reverse()) await stopper();
  };
  try {
    const mongo = await scratchMongoDatabase('service-rss');
    stoppers.push(() => mongo.drop());
    const common = { REDIS_URL: redis.url, ...kafka.env };
    const stores = {
      MONGODB_URI: mongo.uri,
      ...secretKeysEnv(),
      MONGODB_WRITES_PER_COMMAND: String(FERRETDB_WRITES_PER_COMMAND),
    };
    const built = runtime === 'built';
    const cwmpPort = await freePort();
    const gateway = await startServiceProcess({
      entry: 'apps/cwmp-gateway/src/main.ts',
      built,
      env: {
        ...common,
        CWMP_HOST: '127.0.0.1',
        CWMP_PORT: String(cwmpPort),
        CWMP_OPS_PORT: String(await freePort()),
        CWMP_AUTH: 'none',
        CWMP_NONCE_SECRET: 'a'.repeat(64),
      },
      ready: (output) => output.includes('gateway-started'),
    });
    stoppers.push(() => gateway.stop());
    const inventory = await startServiceProcess({
      entry: 'apps/inventory/src/main.ts',
      built,
      env: { ...common, ...stores },
      ready: (output) => output.includes('inventory started'),
    });
    stoppers.push(() => inventory.stop());
    const provisioning = await startServiceProcess({
      entry: 'apps/provisioning/src/main.ts',
      built,
      env: { ...common, ...stores, NBI_PORT: String(await freePort()), NBI_HOST: '127.0.0.1' },
      ready: (output) => output.includes('"ready"'),
    });
    stoppers.push(() => provisioning.stop(30_000));
    // The firmware service idles beside the sessions: its consumer reads every acs.event.
    const firmware = await startServiceProcess({
      entry: 'apps/firmware/src/main.ts',
      built,
      env: {
        ...common,
        ...stores,
        FIRMWARE_FILE_HOST: '127.0.0.1',
        FIRMWARE_FILE_PORT: String(await freePort()),
        FIRMWARE_FILE_URL: 'http://127.0.0.1:7567',
        FIRMWARE_GRANT_SECRET: 'b'.repeat(32),
        OPS_PORT: '0',
      },
      ready: (output) => output.includes('"ready"'),
    });
    stoppers.push(() => firmware.stop());
    return {
      label: 'scaled',
      cwmpUrl: `http://127.0.0.1:${cwmpPort}/`,
      services: [
        measured('cwmp-gateway', gateway),
        measured('inventory', inventory),
        measured('provisioning', provisioning),
        measured('firmware', firmware),
      ],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The all-in-one app on a scratch data directory. */
export async function startAllInOne(runtime: Runtime): Promise<Measured> {
  const dataDir = mkdtempSync(join(tmpdir(), 'service-rss-acs-'));
  const cwmpPort = await freePort();
  const acs = await startServiceProcess({
    entry: 'apps/acs/src/main.ts',
    built: runtime === 'built',
    env: {
      ACS_DATA_DIR: dataDir,
      CWMP_HOST: '127.0.0.1',
      CWMP_PORT: String(cwmpPort),
      CWMP_OPS_PORT: String(await freePort()),
      NBI_HOST: '127.0.0.1',
      NBI_PORT: String(await freePort()),
      FIRMWARE_FILE_HOST: '127.0.0.1',
      FIRMWARE_FILE_PORT: String(await freePort()),
    },
    ready: (output) => output.includes('ACS is running'),
  }).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    label: 'acs',
    cwmpUrl: `http://127.0.0.1:${cwmpPort}/`,
    services: [measured('acs', acs)],
    stop: async () => {
      await acs.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

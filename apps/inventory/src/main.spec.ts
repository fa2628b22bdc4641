import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TOPICS, validateDeviceLifecycleEvent, type DeviceLifecycleEvent } from '@acs/contracts';
import { EmbeddedDeviceStore, MongoDeviceStore } from '@acs/device-store';
import { SimulatedCpe } from '@acs/inventory-testing';
import {
  builtApp,
  FAST_CONSUMER_TIMINGS,
  productionEnv,
  typescriptToolingIn,
  useKafkaCluster,
  useMongoServer,
  waitFor,
  secretKeysEnv,
} from '@acs/testing';

const ROOT = join(import.meta.dirname, '../../..');

interface Started {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

/** The service as its image runs it: the build, plain `node`, no TypeScript loader. */
function startMain(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [builtApp('inventory')], {
    cwd: ROOT,
    // Any free port for /metrics: suites on one machine must not meet on the default one.
    env: productionEnv({ OPS_PORT: '0', OPS_HOST: '127.0.0.1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) =>
    lines.push(l),
  );
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (l) =>
    lines.push(l),
  );
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, lines, exited };
}

describe('apps/inventory as a process', () => {
  const kafka = useKafkaCluster({
    topics: { [TOPICS.sessionEvents]: 2, [TOPICS.deviceChanges]: 2, [TOPICS.events]: 2 },
  });
  const mongo = useMongoServer();
  let dataDir: string;
  let started: Started | undefined;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'inventory-app-'))));
  afterEach(async () => {
    if (started && started.child.exitCode === null) {
      started.child.kill('SIGKILL');
      await started.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says which adapters it uses, stores what it consumes, and stops cleanly on SIGTERM', async () => {
    started = startMain({
      ...kafka.env,
      INVENTORY_DATA_DIR: dataDir,
      INVENTORY_GROUP_ID: 'inventory-process',
    });
    const { lines } = started;
    await waitFor(
      () => lines.some((l) => l.includes('inventory started')),
      'inventory started',
      60_000,
    );
    expect(typescriptToolingIn(started.child.pid ?? 0)).toEqual([]);
    const adapters = lines.find((l) => l.includes('"adapters"')) ?? '';
    expect(adapters).toContain('"eventBus":"kafka"');
    expect(adapters).toContain('"deviceStore":"embedded"');
    expect(adapters).toContain(dataDir);

    const cpe = new SimulatedCpe('tr181', 'APP000001');
    const producer = kafka.client('gateway').producer({ idempotent: true });
    await producer.connect();
    const inform = cpe.inform();
    await producer.send({
      topic: kafka.topic(TOPICS.sessionEvents),
      acks: -1,
      messages: [{ key: inform.deviceId, value: JSON.stringify(inform) }],
    });
    await producer.disconnect();

    const announced: DeviceLifecycleEvent[] = [];
    const oss = kafka
      .client('oss')
      .consumer({ groupId: kafka.group('oss'), ...FAST_CONSUMER_TIMINGS });
    await oss.connect();
    await oss.subscribe({ topic: kafka.topic(TOPICS.events), fromBeginning: true });
    await oss.run({
      eachMessage: async ({ message }) => {
        const checked = validateDeviceLifecycleEvent(JSON.parse(`${message.value}`));
        if (checked.ok) announced.push(checked.value);
      },
    });
    try {
      await waitFor(
        () => announced.some((e) => e.type === 'DeviceRegistered' && e.deviceId === cpe.deviceId),
        'the device announced',
        60_000,
      );
    } finally {
      await oss.disconnect();
    }

    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(lines.some((l) => l.includes('"stopped"'))).toBe(true);

    const store = new EmbeddedDeviceStore({ directory: dataDir });
    try {
      expect(await store.get(cpe.deviceId)).toMatchObject({ serialNumber: 'APP000001' });
    } finally {
      await store.close();
    }
  }, 120_000);

  it('keeps devices in MongoDB when MONGODB_URI is set', async () => {
    const database = mongo.databaseName('inventory-app');
    started = startMain({
      ...kafka.env,
      MONGODB_URI: `${mongo.uri}${database}`,
      ...secretKeysEnv(),
      INVENTORY_DATA_DIR: dataDir,
      INVENTORY_GROUP_ID: 'inventory-mongo',
    });
    const { lines } = started;
    await waitFor(
      () => lines.some((l) => l.includes('inventory started')),
      'inventory started',
      60_000,
    );
    const adapters = lines.find((l) => l.includes('"adapters"')) ?? '';
    expect(adapters).toContain('"deviceStore":"mongodb"');
    expect(adapters).not.toContain(dataDir);

    const cpe = new SimulatedCpe('tr181', 'MNG000001');
    const producer = kafka.client('gateway-mongo').producer({ idempotent: true });
    await producer.connect();
    const inform = cpe.inform();
    await producer.send({
      topic: kafka.topic(TOPICS.sessionEvents),
      acks: -1,
      messages: [{ key: inform.deviceId, value: JSON.stringify(inform) }],
    });
    await producer.disconnect();

    const store = await MongoDeviceStore.connect(mongo.uri, { dbName: database });
    try {
      await waitFor(
        async () => (await store.get(cpe.deviceId)) !== null,
        'the device in MongoDB',
        60_000,
      );
      expect(await store.get(cpe.deviceId)).toMatchObject({ serialNumber: 'MNG000001' });
    } finally {
      await store.close();
    }
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
  }, 120_000);

  it('refuses to start with a bad configuration, naming the variable', async () => {
    started = startMain({ INVENTORY_DATA_DIR: dataDir, INVENTORY_MAX_BATCH: 'many' });
    expect(await started.exited).toBe(2);
    const output = started.lines.join('\n');
    expect(output).toMatch(/KAFKA_BROKERS/);
    expect(output).toMatch(/INVENTORY_MAX_BATCH: cannot read "many"/);
  }, 60_000);
});

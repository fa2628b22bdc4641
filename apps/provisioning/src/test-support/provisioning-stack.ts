import { createSocket } from 'node:dgram';
import { TOPICS } from '@acs/contracts';
import { Simulator, type SimulatorOptions } from '@acs/cpe-simulator';
import {
  FERRETDB_WRITES_PER_COMMAND,
  OperatorApi,
  scratchMongoDatabase,
  attachKafkaCluster,
  freePort,
  startRedisCluster,
  startRedisServer,
  startServiceProcess,
  type RedisCluster,
  type RedisServer,
  type ServiceProcess,
  type SuiteKafka,
  secretKeysEnv,
} from '@acs/testing';

export interface ProvisioningStack {
  /** One redis-server, or a Redis Cluster with `redis: 'cluster'`. */
  redis: RedisServer | RedisCluster;
  /** The suite's topics on the run's shared Kafka cluster. */
  kafka: SuiteKafka;
  gatewayUrl: string;
  gateway: ServiceProcess;
  inventory: ServiceProcess;
  provisioning: ServiceProcess;
  /** Each service's operations port (`/metrics`, `/healthz`, `/readyz`), as http://host:port. */
  opsUrls: { gateway: string; inventory: string; provisioning: string };
  api: OperatorApi;
  /** The operator API's base URL (…/api/v1), for calls without the admin key. */
  apiUrl: string;
  /** The UDP port of provisioning's STUN server (with `stun: true`), on 127.0.0.1. */
  stunPort: number | undefined;
  /**
   * Kills provisioning (SIGKILL, no shutdown) and starts it again on the same data, with `env`
   * on top of its settings (e.g. a new consumer group that replays the whole topic).
   */
  crashProvisioning(env?: Record<string, string>): Promise<void>;
  /** Simulated CPEs against the gateway (stopped after each test). */
  simulate(options: Partial<SimulatorOptions>): Promise<Simulator>;
}

/**
 * The scaled platform for a describe block, each service in its own process as in production:
 * Redis, the suite's topics on a real Kafka cluster, a gateway pod, inventory and provisioning,
 * and a database of the suite's own on the run's MongoDB-protocol server (devices written by
 * inventory alone; provisioning's changes to them go through inventory on cwmp.device-changes).
 */
export function useProvisioningStack(
  options: {
    /** Provisioning's settings; a function is read when the stack starts (after earlier hooks). */
    env?: Record<string, string> | (() => Record<string, string>);
    gatewayEnv?: Record<string, string>;
    /** Run provisioning's TR-111 STUN server on a free UDP port of 127.0.0.1. */
    stun?: boolean;
    /** The services on one redis-server (REDIS_URL, the default) or a Redis Cluster. */
    redis?: 'standalone' | 'cluster';
  } = {},
) {
  let stack: ProvisioningStack | undefined;
  let mongo: { uri: string; drop(): Promise<void> } | undefined;
  const simulators: Simulator[] = [];

  beforeAll(async () => {
    mongo = await scratchMongoDatabase('provisioning-e2e');
    const redis =
      options.redis === 'cluster' ? await startRedisCluster() : await startRedisServer();
    const kafka = await attachKafkaCluster({
      topics: {
        [TOPICS.sessionEvents]: 4,
        [TOPICS.deviceChanges]: 4,
        [TOPICS.events]: 4,
        [TOPICS.commands]: 2,
        [TOPICS.commandResults]: 2,
        [TOPICS.audit]: 1,
      },
    });
    const common = {
      ...('clusterNodes' in redis
        ? { REDIS_CLUSTER_NODES: redis.clusterNodes }
        : { REDIS_URL: redis.url }),
      ...kafka.env,
      // The scaled services share MongoDB: inventory writes the devices, provisioning reads them.
      MONGODB_URI: mongo.uri,
      ...secretKeysEnv(),
      MONGODB_WRITES_PER_COMMAND: String(FERRETDB_WRITES_PER_COMMAND),
      KAFKA_SESSION_TIMEOUT_MS: '3000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '300',
      KAFKA_MAX_WAIT_MS: '100',
    };
    const [cwmpPort, opsPort, nbiPort] = [await freePort(), await freePort(), await freePort()];
    const [inventoryOpsPort, provisioningOpsPort] = [await freePort(), await freePort()];
    const gateway = await startServiceProcess({
      entry: 'apps/cwmp-gateway/src/main.ts',
      env: {
        ...common,
        CWMP_PORT: String(cwmpPort),
        CWMP_OPS_PORT: String(opsPort),
        CWMP_HOST: '127.0.0.1',
        CWMP_AUTH: 'none',
        CWMP_NONCE_SECRET: 'a'.repeat(64),
        ...options.gatewayEnv,
      },
      ready: (output) => output.includes('gateway-started'),
    });
    const inventory = await startServiceProcess({
      entry: 'apps/inventory/src/main.ts',
      env: { ...common, OPS_PORT: String(inventoryOpsPort), OPS_HOST: '127.0.0.1' },
      ready: (output) => output.includes('adapters'),
    });
    const stunPort = options.stun ? await freeUdpPort() : undefined;
    const provisioningEnv = {
      ...common,
      ...(stunPort ? { STUN_PORT: String(stunPort), STUN_HOST: '127.0.0.1' } : {}),
      NBI_PORT: String(nbiPort),
      NBI_HOST: '127.0.0.1',
      OPS_PORT: String(provisioningOpsPort),
      OPS_HOST: '127.0.0.1',
      ...(typeof options.env === 'function' ? options.env() : options.env),
    };
    const startProvisioning = (env: Record<string, string> = {}) =>
      startServiceProcess({
        entry: 'apps/provisioning/src/main.ts',
        env: { ...provisioningEnv, ...env },
        ready: (output) => output.includes('"ready"'),
      });
    const provisioning = await startProvisioning();
    const adminKey = /"adminKey":"([^"]+)"/.exec(provisioning.output())?.[1];
    if (!adminKey) throw new Error(`no admin key in:\n${provisioning.output()}`);
    const created: ProvisioningStack = {
      redis,
      kafka,
      gatewayUrl: `http://127.0.0.1:${cwmpPort}/`,
      gateway,
      inventory,
      provisioning,
      opsUrls: {
        gateway: `http://127.0.0.1:${opsPort}`,
        inventory: `http://127.0.0.1:${inventoryOpsPort}`,
        provisioning: `http://127.0.0.1:${provisioningOpsPort}`,
      },
      api: new OperatorApi(`http://127.0.0.1:${nbiPort}/api/v1`, adminKey),
      apiUrl: `http://127.0.0.1:${nbiPort}/api/v1`,
      stunPort,
      crashProvisioning: async (env) => {
        await created.provisioning.kill();
        created.provisioning = await startProvisioning(env);
      },
      simulate: async (simulatorOptions) => {
        const simulator = new Simulator({
          acsUrl: created.gatewayUrl,
          devices: 1,
          profile: 'tr181',
          serialPattern: 'PRV%04d',
          periodicEnabled: false,
          connectionRequests: false,
          retryDelayMs: () => 200,
          ...simulatorOptions,
        });
        simulators.push(simulator);
        await simulator.start();
        return simulator;
      },
    };
    stack = created;
  }, 180_000);

  afterEach(async () => {
    await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
  }, 30_000);

  afterAll(async () => {
    if (stack && process.env['E2E_SERVICE_LOGS']) {
      for (const [name, service] of Object.entries({
        gateway: stack.gateway,
        inventory: stack.inventory,
        provisioning: stack.provisioning,
      })) {
        process.stderr.write(`----- ${name}\n${service.output()}\n`);
      }
    }
    if (stack) {
      await stack.provisioning.stop();
      await stack.inventory.stop();
      await stack.gateway.stop();
      await stack.kafka.detach();
      await stack.redis.stop();
      stack = undefined;
    }
    await mongo?.drop();
    mongo = undefined;
  }, 90_000);

  return (): ProvisioningStack => {
    if (!stack) throw new Error('useProvisioningStack: only between beforeAll and afterAll');
    return stack;
  };
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

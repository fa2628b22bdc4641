import { TOPICS } from '@acs/contracts';
import { Simulator, type SimulatorOptions } from '@acs/cpe-simulator';
import {
  OperatorApi,
  dedicatedKafkaCluster,
  explicitMongoServer,
  FERRETDB_WRITES_PER_COMMAND,
  freePort,
  startLoadBalancer,
  startRedisServer,
  startServiceProcess,
  attachKafkaCluster,
  type DedicatedSuiteKafka,
  type LoadBalancer,
  type SuiteKafka,
  type RedisServer,
  type ServiceProcess,
  secretKeysEnv,
} from '@acs/testing';

export interface TopologyOptions {
  /** Where inventory and every provisioning instance keep their stores (one owner per store). */
  mongodbUri: string;
  /** Provisioning instances in one consumer group. Default 2. */
  provisioningInstances?: number;
  /** Partitions of cwmp.session-events. Default 8. */
  partitions?: number;
  /** Settings of every gateway on top of the topology's. */
  gatewayEnv?: Record<string, string>;
  /** Settings of inventory on top of the topology's. */
  inventoryEnv?: Record<string, string>;
  /** Settings of every provisioning instance on top of the topology's. */
  provisioningEnv?: Record<string, string>;
  /** The firmware service too (its file server, campaigns), with these settings on top. */
  firmware?: { env?: Record<string, string> };
}

/** One service process of the topology, restartable on its own ports and settings. */
export interface TopologyService {
  readonly name: string;
  process: ServiceProcess;
  /** SIGKILL: a crash, no shutdown hook runs. */
  kill(): Promise<void>;
  /** Starts it again after a kill or stop (same ports, same settings). */
  restart(): Promise<void>;
  readonly running: boolean;
}

export interface GatewayService extends TopologyService {
  /** The gateway's own CWMP endpoint (the CPEs go through the load balancer). */
  readonly cwmpUrl: string;
  /** `/metrics`, `/healthz`, `/readyz`. */
  readonly opsUrl: string;
}

export interface FirmwareService extends TopologyService {
  /** The origin of its file server, as CPEs reach it. */
  readonly fileUrl: string;
}

export interface ScaledTopology<K extends SuiteKafka = DedicatedSuiteKafka> {
  readonly kafka: K;
  readonly redis: RedisServer;
  readonly balancer: LoadBalancer;
  readonly gateways: GatewayService[];
  readonly inventory: TopologyService;
  readonly provisioning: TopologyService[];
  /** When asked for (TopologyOptions.firmware). */
  readonly firmware: FirmwareService | undefined;
  /** The operator API of the first provisioning instance that runs. */
  api(): OperatorApi;
  /** Simulated CPEs against the load balancer (stopped by stop()). */
  simulate(options: Partial<SimulatorOptions>): Promise<Simulator>;
  stop(): Promise<void>;
}

const NONCE_SECRET = 'e2e-nonce-secret-'.padEnd(64, 'x');
const GRANT_SECRET = 'e2e-firmware-grant-secret-'.padEnd(48, 'x');

/** Short enough that a killed member's partitions move within seconds. */
const CONSUMER_TIMINGS = {
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  KAFKA_HEARTBEAT_INTERVAL_MS: '500',
  KAFKA_MAX_WAIT_MS: '100',
};

const TOPIC_PARTITIONS = (sessionEvents: number) => ({
  [TOPICS.sessionEvents]: sessionEvents,
  [TOPICS.deviceChanges]: 4,
  [TOPICS.events]: 4,
  [TOPICS.commands]: 8,
  [TOPICS.commandResults]: 2,
  [TOPICS.audit]: 1,
});

/**
 * The scaled topology (see startScaledTopology) on the run's shared Kafka cluster, under topic
 * and group names of its own: for suites that inject no Kafka fault.
 */
export async function startScaledTopologyOnSharedKafka(
  options: TopologyOptions,
): Promise<ScaledTopology<SuiteKafka>> {
  return startTopology(options, () =>
    attachKafkaCluster({ topics: TOPIC_PARTITIONS(options.partitions ?? 8) }),
  );
}

/**
 * The scaled topology as separate OS processes, as it runs on Kubernetes: a real 3-broker Kafka
 * cluster of its own (the suites kill brokers), Redis, two gateway pods behind HAProxy (round
 * robin per request, no stickiness), inventory, and provisioning instances in one consumer group,
 * all on MongoDB. Started in dependency order; stop() goes in reverse, also after a failed start.
 */
export async function startScaledTopology(options: TopologyOptions): Promise<ScaledTopology> {
  return startTopology(options, () =>
    dedicatedKafkaCluster({ topics: TOPIC_PARTITIONS(options.partitions ?? 8) }),
  );
}

async function startTopology<K extends SuiteKafka>(
  options: TopologyOptions,
  startKafka: () => Promise<K>,
): Promise<ScaledTopology<K>> {
  const stoppers: Array<() => Promise<void>> = [];
  const simulators: Simulator[] = [];
  const stop = async () => {
    await Promise.allSettled(simulators.splice(0).map((simulator) => simulator.stop()));
    for (const stopOne of stoppers.splice(0).reverse()) {
      await stopOne().catch((error: unknown) => console.error(`stopping: ${String(error)}`));
    }
  };
  try {
    const kafka = await startKafka();
    stoppers.push(() => kafka.detach());
    const redis = await startRedisServer();
    stoppers.push(() => redis.stop());
    const common = { REDIS_URL: redis.url, ...kafka.env, ...CONSUMER_TIMINGS };
    // Inventory and every provisioning instance serve /metrics on a port of their own choosing.
    const anyOpsPort = { OPS_PORT: '0', OPS_HOST: '127.0.0.1' };

    const gateways: GatewayService[] = [];
    for (let index = 1; index <= 2; index++) {
      const [cwmpPort, opsPort] = [await freePort(), await freePort()];
      const service = await startService(`gateway-${index}`, 'apps/cwmp-gateway/src/main.ts', {
        env: {
          ...common,
          CWMP_HOST: '127.0.0.1',
          CWMP_PORT: String(cwmpPort),
          CWMP_OPS_PORT: String(opsPort),
          POD_NAME: `gateway-${index}`,
          CWMP_AUTH: 'none',
          CWMP_NONCE_SECRET: NONCE_SECRET,
          ...options.gatewayEnv,
        },
        ready: (output) => output.includes('gateway-started'),
      });
      stoppers.push(() => service.stop());
      gateways.push(
        Object.assign(service, {
          cwmpUrl: `http://127.0.0.1:${cwmpPort}/`,
          opsUrl: `http://127.0.0.1:${opsPort}`,
        }),
      );
    }
    const balancer = await startLoadBalancer(
      gateways.map((gateway, index) => ({
        name: gateway.name,
        address: new URL(gateway.cwmpUrl).host,
        healthPort: Number(new URL(gateways[index]?.opsUrl ?? '').port),
      })),
    );
    stoppers.push(() => balancer.stop());

    // FerretDB waits forever on write commands of many statements (FERRETDB_WRITES_PER_COMMAND).
    const stores = {
      MONGODB_URI: options.mongodbUri,
      ...secretKeysEnv(),
      ...(explicitMongoServer()
        ? {}
        : { MONGODB_WRITES_PER_COMMAND: String(FERRETDB_WRITES_PER_COMMAND) }),
    };
    const inventory = await startService('inventory', 'apps/inventory/src/main.ts', {
      env: { ...common, ...stores, ...anyOpsPort, ...options.inventoryEnv },
      ready: (output) => output.includes('inventory started'),
    });
    stoppers.push(() => inventory.stop());

    // The firmware file server's origin and key, which provisioning signs backups' URLs with too.
    const filePort = options.firmware ? await freePort() : 0;
    const fileUrl = `http://127.0.0.1:${filePort}`;
    const firmwareLinks: Record<string, string> = options.firmware
      ? { FIRMWARE_FILE_URL: fileUrl, FIRMWARE_GRANT_SECRET: GRANT_SECRET }
      : {};

    const provisioning: TopologyService[] = [];
    const apis: OperatorApi[] = [];
    let adminKey: string | undefined;
    for (let index = 1; index <= (options.provisioningInstances ?? 2); index++) {
      const nbiPort = await freePort();
      const service = await startService(`provisioning-${index}`, 'apps/provisioning/src/main.ts', {
        env: {
          ...common,
          ...stores,
          ...anyOpsPort,
          NBI_PORT: String(nbiPort),
          NBI_HOST: '127.0.0.1',
          ...firmwareLinks,
          ...options.provisioningEnv,
        },
        ready: (output) => output.includes('"ready"'),
      });
      stoppers.push(() => service.stop());
      // The first instance on an empty store makes the admin key; the others find it there.
      adminKey ??= /"adminKey":"([^"]+)"/.exec(service.process.output())?.[1];
      provisioning.push(service);
      apis.push(new OperatorApi(`http://127.0.0.1:${nbiPort}/api/v1`, adminKey ?? ''));
    }
    if (!adminKey) throw new Error('no provisioning instance printed an admin key');

    let firmware: FirmwareService | undefined;
    if (options.firmware) {
      const service = await startService('firmware', 'apps/firmware/src/main.ts', {
        env: {
          ...common,
          ...stores,
          ...anyOpsPort,
          ...firmwareLinks,
          FIRMWARE_FILE_PORT: String(filePort),
          FIRMWARE_FILE_HOST: '127.0.0.1',
          ...options.firmware.env,
        },
        ready: (output) => output.includes('"ready"'),
      });
      stoppers.push(() => service.stop());
      firmware = Object.assign(service, { fileUrl });
    }

    return {
      kafka,
      redis,
      balancer,
      gateways,
      inventory,
      provisioning,
      firmware,
      api: () => {
        const index = provisioning.findIndex((service) => service.running);
        const api = apis[index];
        if (!api) throw new Error('no provisioning instance runs');
        return api;
      },
      simulate: async (simulatorOptions) => {
        const simulator = new Simulator({
          acsUrl: balancer.url,
          devices: 1,
          profile: 'tr181',
          periodicEnabled: false,
          connectionRequests: false,
          retryDelayMs: () => 500,
          ...simulatorOptions,
        });
        simulators.push(simulator);
        await simulator.start();
        return simulator;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startService(
  name: string,
  entry: string,
  settings: { env: Record<string, string>; ready: (output: string) => boolean },
): Promise<TopologyService & { stop(): Promise<void> }> {
  const start = () => startServiceProcess({ entry, ...settings, timeoutMs: 120_000 });
  const service = {
    name,
    process: await start(),
    get running() {
      const { exitCode, signalCode } = service.process.child;
      return exitCode === null && signalCode === null;
    },
    kill: () => service.process.kill(),
    stop: () => service.process.stop(),
    restart: async () => {
      if (service.running) throw new Error(`${name} is running`);
      service.process = await start();
    },
  };
  return service;
}

import type { CredentialsEntries } from '@acs/cpe-auth';
import { Simulator, type SimulatorOptions } from '@acs/cpe-simulator';
import { TOPICS } from '@acs/contracts';
import { redisTargetFromEnv, type RedisTarget } from '@acs/redis';
import {
  attachKafkaCluster,
  dedicatedKafkaCluster,
  startRedisCluster,
  startRedisServer,
  type KafkaCluster,
  type RedisCluster,
  type RedisServer,
  type SuiteKafka,
} from '@acs/testing';
import {
  orchestratorStore,
  startGatewayStand,
  TEST_ACS_PASSWORD,
  type GatewayStand,
} from './gateway-stand';
import { StandInOrchestrator } from './stand-in-orchestrator';

export interface GatewayStack {
  /** The redis-server, on a stack started with `redis: 'standalone'` (the default). */
  readonly redis: RedisServer;
  /** The Redis Cluster, on a stack started with `redis: 'cluster'`. */
  readonly redisCluster: RedisCluster;
  /** What the pods were configured with (REDIS_URL or REDIS_CLUSTER_NODES). */
  readonly redisTarget: RedisTarget;
  /** The suite's topics on the run's shared Kafka cluster, or on a cluster of its own. */
  kafka: SuiteKafka;
  /** The suite's own cluster, for broker faults (only with `kafka: 'dedicated'`). */
  kafkaCluster(): KafkaCluster;
  /** The first gateway pod. */
  gateway: GatewayStand;
  orchestrator: StandInOrchestrator;
  /** Another gateway pod on the same Redis and Kafka (stopped with the stack). */
  addGateway(env?: Record<string, string>): Promise<GatewayStand>;
  /** Stops redis-server, runs `whileDown`, then starts a fresh one on the same port (standalone). */
  restartRedis(whileDown: () => Promise<void>): Promise<void>;
  /** Simulated CPEs against the first gateway (stopped after each test). */
  simulate(options: Partial<SimulatorOptions> & { devices?: number }): Promise<Simulator>;
}

/**
 * Redis (one server, or a Redis Cluster of 3 masters and 3 replicas), a real Kafka cluster (the
 * run's shared one unless the suite injects broker faults), a
 * gateway pod and the stand-in orchestrator for a describe block, started in that order and
 * stopped in reverse (consumers must leave before the brokers).
 */
export function useGatewayStack(
  options: {
    env?: Record<string, string>;
    credentials?: CredentialsEntries;
    /** `dedicated`: a cluster of the suite's own, whose brokers it may stop. */
    kafka?: 'shared' | 'dedicated';
    redis?: 'standalone' | 'cluster';
  } = {},
) {
  let stack: GatewayStack | undefined;
  const extraGateways: GatewayStand[] = [];
  const simulators: Simulator[] = [];
  let closeStore: (() => Promise<void>) | undefined;

  let redisServer: RedisServer | undefined;
  let redisCluster: RedisCluster | undefined;

  beforeAll(async () => {
    if (options.redis === 'cluster') redisCluster = await startRedisCluster();
    else redisServer = await startRedisServer();
    // As the services read it from their environment.
    const redisTarget = redisTargetFromEnv(
      redisCluster
        ? { REDIS_CLUSTER_NODES: redisCluster.clusterNodes }
        : { REDIS_URL: redisServer?.url },
    );
    const topics = { topics: { [TOPICS.sessionEvents]: 4 } };
    const dedicated =
      options.kafka === 'dedicated' ? await dedicatedKafkaCluster(topics) : undefined;
    const kafka = dedicated ?? (await attachKafkaCluster(topics));
    const stand = (env?: Record<string, string>) =>
      startGatewayStand({
        redis: redisTarget,
        kafka,
        env: { ...options.env, ...env },
        ...(options.credentials ? { credentials: options.credentials } : {}),
      });
    const gateway = await stand();
    const orchestration = await orchestratorStore(redisTarget);
    closeStore = orchestration.close;
    const orchestrator = new StandInOrchestrator(
      kafka.client('orchestrator'),
      orchestration.store,
      {
        topic: kafka.topic(TOPICS.sessionEvents),
      },
    );
    await orchestrator.start();
    stack = {
      get redis() {
        if (!redisServer) throw new Error('this stack runs on a Redis Cluster: use redisCluster');
        return redisServer;
      },
      get redisCluster() {
        if (!redisCluster) throw new Error('this stack runs on one redis-server: use redis');
        return redisCluster;
      },
      redisTarget,
      restartRedis: async (whileDown) => {
        if (!redisServer) throw new Error('restartRedis: this stack runs on a Redis Cluster');
        const port = redisServer.port;
        await redisServer.stop();
        redisServer = undefined;
        await whileDown();
        redisServer = await startRedisServer({ port });
      },
      kafka,
      kafkaCluster: () => {
        if (!dedicated) throw new Error("useGatewayStack: broker faults need kafka: 'dedicated'");
        return dedicated.cluster;
      },
      gateway,
      orchestrator,
      addGateway: async (env) => {
        const extra = await stand(env);
        extraGateways.push(extra);
        return extra;
      },
      simulate: async (simulatorOptions) => {
        const simulator = new Simulator({
          acsUrl: gateway.url,
          devices: 1,
          profile: 'tr181',
          serialPattern: 'E2E%04d',
          acsPassword: TEST_ACS_PASSWORD,
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
  }, 300_000);

  afterEach(async () => {
    await Promise.all(simulators.splice(0).map((simulator) => simulator.stop()));
  }, 30_000);

  afterAll(async () => {
    if (stack) {
      await stack.orchestrator.stop();
      await closeStore?.();
      for (const gateway of [...extraGateways, stack.gateway])
        await gateway.stop().catch(() => undefined);
      await stack.kafka.detach();
      stack = undefined;
    }
    await redisServer?.stop();
    await redisCluster?.stop();
  }, 60_000);

  return (): GatewayStack => {
    if (!stack) throw new Error('useGatewayStack: only between beforeAll and afterAll');
    return stack;
  };
}

export { nextSession } from '@acs/cpe-simulator';

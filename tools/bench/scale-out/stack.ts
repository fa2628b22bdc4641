/**
 * What bench:scale-out runs: redis-server, the real 3-broker Kafka cluster (or `--kafka mock`),
 * bench:gateway's stand-in orchestrator, two gateway pods (CWMP_AUTH=none) in child processes of
 * their own, and two HAProxy load balancers with no stickiness: one in front of the first pod
 * alone, one in front of both. Every session goes through a balancer in both setups, so the
 * balancer's cost is on both sides of the ratio.
 */
import { join } from 'node:path';
import { TOPICS } from '@acs/contracts';
import { redisTargetFromEnv } from '@acs/redis';
import {
  startLoadBalancer,
  startRedisServer,
  type LoadBalancer,
  type RedisServer,
} from '@acs/testing';
import { gatewayEntry } from '../gateway/bench-stack';
import { ChildHandle } from '../gateway/child-ipc';
import type { GatewayApi } from '../gateway/gateway-process';
import type { OrchestratorApi } from '../gateway/orchestrator-process';
import {
  benchName,
  startBenchKafka,
  type BenchKafka,
  type KafkaKind,
} from '../support/bench-kafka';
import { countTopicBytes, type TopicBytes } from './topic-bytes';
import type { LoadApi } from './load-process';

export const SETUPS = ['one_gateway', 'two_gateways'] as const;
export type Setup = (typeof SETUPS)[number];

export interface ScaleOutStack {
  redis: RedisServer;
  kafka: BenchKafka;
  orchestrator: ChildHandle<OrchestratorApi>;
  gateways: ChildHandle<GatewayApi>[];
  balancers: Map<Setup, LoadBalancer>;
  generator: ChildHandle<LoadApi>;
  /** What the gateways write to cwmp.session-events, counted by a consumer of the bench's own. */
  sessionEventBytes: TopicBytes;
  /** Children, stopped before the balancers, Kafka and Redis. */
  children: { stop(): Promise<void> }[];
}

export interface ScaleOutSettings {
  kafka: KafkaKind;
  partitions: number;
  builtGateways: boolean;
}

const benchDir = join(import.meta.dirname, '..');

/** Fills `stack` as it goes, so that stopScaleOutStack(stack) cleans up after a failed start. */
export async function startScaleOutStack(
  stack: Partial<ScaleOutStack>,
  settings: ScaleOutSettings,
): Promise<ScaleOutStack> {
  const children: ScaleOutStack['children'] = (stack.children = []);
  stack.balancers = new Map();
  stack.redis = await startRedisServer();
  stack.kafka = await startBenchKafka(settings.kafka);
  const names = await stack.kafka.topics('', { [TOPICS.sessionEvents]: settings.partitions });
  const redis = redisTargetFromEnv({ REDIS_URL: stack.redis.url });
  stack.sessionEventBytes = await countTopicBytes(
    names.brokers,
    benchName(names, TOPICS.sessionEvents),
  );

  const orchestrator = ChildHandle.fork<OrchestratorApi>(
    'orchestrator',
    join(benchDir, 'gateway', 'orchestrator-process.ts'),
  );
  children.push(orchestrator);
  stack.orchestrator = orchestrator;
  const orchestratorStarted = orchestrator.call('start', { redis, kafka: names });

  const entry = gatewayEntry(settings.builtGateways);
  stack.gateways = [];
  const addresses: string[] = [];
  for (const pod of ['gateway-a', 'gateway-b']) {
    const gateway = ChildHandle.fork<GatewayApi>(pod, entry);
    children.push(gateway);
    stack.gateways.push(gateway);
    const { url } = await gateway.call('start', {
      redis,
      kafka: names,
      env: { CWMP_AUTH: 'none' },
      credentials: {},
      podId: `bench-${pod}`,
    });
    addresses.push(new URL(url).host);
  }
  const [first] = addresses;
  if (!first) throw new Error('no gateway started');
  stack.balancers.set('one_gateway', await startLoadBalancer([{ name: 'a', address: first }]));
  stack.balancers.set(
    'two_gateways',
    await startLoadBalancer(addresses.map((address, i) => ({ name: `g${i}`, address }))),
  );

  const generator = ChildHandle.fork<LoadApi>(
    'simulator',
    join(import.meta.dirname, 'load-process.ts'),
  );
  children.push(generator);
  stack.generator = generator;
  await orchestratorStarted;
  return stack as ScaleOutStack;
}

export async function stopScaleOutStack(stack: Partial<ScaleOutStack>): Promise<void> {
  await Promise.all((stack.children ?? []).map((child) => child.stop()));
  await Promise.all([...(stack.balancers?.values() ?? [])].map((balancer) => balancer.stop()));
  await stack.sessionEventBytes?.stop();
  await stack.kafka?.stop();
  await stack.redis?.stop();
}

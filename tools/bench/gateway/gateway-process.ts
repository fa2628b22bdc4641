/**
 * Child process of bench:gateway: one gateway pod wired exactly as apps/cwmp-gateway wires it
 * (Redis session store, Kafka publisher with acks from all in-sync replicas, Digest or no auth),
 * through the app's own test stand. Its CPU time and memory are reported to the parent on request.
 */
import type { CredentialsEntries } from '@acs/cpe-auth';
import type { RedisTarget } from '@acs/redis';
import {
  startGatewayStand,
  type GatewayStand,
} from '../../../apps/cwmp-gateway/src/test-support/gateway-stand';
import type { BenchTopics } from '../support/bench-kafka';
import { processUsage, serveParent } from './child-ipc';

export interface GatewayStartParams {
  redis: RedisTarget;
  kafka: BenchTopics;
  /** Gateway settings on top of the stand's defaults, e.g. `{ CWMP_AUTH: 'none' }`. */
  env: Record<string, string>;
  credentials: CredentialsEntries;
  podId: string;
}

/** By dependency call ('kafka-publish', 'redis-open', ...): how many, and their total duration. */
export type DependencyWaits = Record<string, { calls: number; seconds: number }>;

let stand: GatewayStand | undefined;

const api = {
  start: async (params: GatewayStartParams): Promise<{ url: string }> => {
    if (stand) throw new Error('gateway already started');
    stand = await startGatewayStand({
      ...params,
      idempotentProducer: params.kafka.idempotentProducer,
    });
    return { url: stand.url };
  },
  usage: () => processUsage(),
  /**
   * Time the pod's requests spent waiting on Kafka acks and on each Redis operation (from its own
   * latency histograms), summed since it started: where a session's latency goes.
   */
  waits: async (): Promise<DependencyWaits> => {
    const waits: DependencyWaits = {};
    const metrics = stand?.gateway.metrics;
    if (!metrics) return waits;
    const histograms = [
      { name: () => 'kafka-publish', values: (await metrics.publishLatency.get()).values },
      {
        name: (labels: Record<string, unknown>) => `redis-${String(labels['operation'])}`,
        values: (await metrics.redisLatency.get()).values,
      },
    ];
    for (const histogram of histograms) {
      for (const value of histogram.values) {
        const suffix = value.metricName?.split('_').pop();
        if (suffix !== 'sum' && suffix !== 'count') continue;
        const wait = (waits[histogram.name(value.labels)] ??= { calls: 0, seconds: 0 });
        if (suffix === 'sum') wait.seconds = value.value;
        else wait.calls = value.value;
      }
    }
    return waits;
  },
  /** Warnings and errors the pod logged (a clean run has none that matter). */
  problems: (): Record<string, unknown>[] =>
    (stand?.logs ?? []).filter((entry) => entry['level'] !== 'info').slice(-20),
};

export type GatewayApi = typeof api;

serveParent(api, async () => {
  await stand?.stop();
});

/**
 * Child process of bench:gateway: the gateway tests' stand-in orchestrator, which plays
 * provisioning by consuming `cwmp.session-events` and pushing END into each opened session's
 * outbox at once. In a process of its own so that its work is not charged to the load generator.
 */
import { Kafka, logLevel, type Consumer, type ConsumerConfig, type KafkaConfig } from 'kafkajs';
import { TOPICS } from '@acs/contracts';
import type { RedisTarget } from '@acs/redis';
import { orchestratorStore } from '../../../apps/cwmp-gateway/src/test-support/gateway-stand';
import { StandInOrchestrator } from '../../../apps/cwmp-gateway/src/test-support/stand-in-orchestrator';
import { processUsage, serveParent } from './child-ipc';
import { benchName, type BenchTopics } from '../support/bench-kafka';

let running: { orchestrator: StandInOrchestrator; close(): Promise<void> } | undefined;
const counts = { sessionOpened: 0, sessionClosed: 0, invalid: 0, crashes: 0 };

/**
 * The stand-in keeps every event for the tests to inspect; over a benchmark's hundreds of
 * thousands of Informs that log would grow without bound, so it is counted and emptied here.
 */
function drainEventLog(orchestrator: StandInOrchestrator): void {
  for (const event of orchestrator.events.splice(0)) {
    if (event.type === 'SessionOpened') counts.sessionOpened++;
    else if (event.type === 'SessionClosed') counts.sessionClosed++;
  }
  counts.invalid += orchestrator.invalid.splice(0).length;
  counts.crashes += orchestrator.crashes.splice(0).length;
}

/**
 * How long the orchestrator's fetch waits on the broker for new events. The librdkafka mock
 * answers a fetch only when this runs out, even once events have arrived (a real broker answers
 * as soon as there is data): with the stand-in's 100 ms, fine for tests, a session with 4 in
 * flight took 109 ms at the median, 12 ms with 5 ms. The price is polling, about a tenth of a core
 * in the orchestrator and as much in the mock broker whatever the load.
 */
const FETCH_WAIT_MS = 5;

/**
 * Optional longer Kafka timeouts, for a bench that freezes the orchestrator and its broker
 * (SIGSTOP) while another target runs: the stand-in's 3 s session and 5 s requests would expire
 * across the pause. They change nothing while both run.
 */
export interface PauseTolerance {
  sessionTimeoutMs: number;
  requestTimeoutMs: number;
}

/** A client whose consumers fetch with FETCH_WAIT_MS, whatever timings the stand-in asks for. */
class PromptKafka extends Kafka {
  constructor(
    config: KafkaConfig,
    private readonly sessionTimeoutMs?: number,
  ) {
    super(config);
  }

  override consumer(config: ConsumerConfig): Consumer {
    return super.consumer({
      ...config,
      maxWaitTimeInMs: FETCH_WAIT_MS,
      ...(this.sessionTimeoutMs ? { sessionTimeout: this.sessionTimeoutMs } : {}),
    });
  }
}

const api = {
  start: async (params: {
    redis: RedisTarget;
    kafka: BenchTopics;
    pauseTolerance?: PauseTolerance;
  }): Promise<void> => {
    if (running) throw new Error('orchestrator already started');
    const store = await orchestratorStore(params.redis);
    const orchestrator = new StandInOrchestrator(
      new PromptKafka(
        {
          clientId: 'bench-orchestrator',
          brokers: params.kafka.brokers,
          logLevel: logLevel.NOTHING,
          connectionTimeout: 1_000,
          requestTimeout: params.pauseTolerance?.requestTimeoutMs ?? 5_000,
        },
        params.pauseTolerance?.sessionTimeoutMs,
      ),
      store.store,
      {
        groupId: benchName(params.kafka, 'bench-orchestrator'),
        topic: benchName(params.kafka, TOPICS.sessionEvents),
      },
    );
    await orchestrator.start();
    const drain = setInterval(() => drainEventLog(orchestrator), 500);
    running = {
      orchestrator,
      close: async () => {
        clearInterval(drain);
        await orchestrator.stop();
        await store.close();
      },
    };
  },
  /** Events seen so far, by kind (invalid ones and consumer crashes should stay at 0). */
  counts: () => {
    if (running) drainEventLog(running.orchestrator);
    return { ...counts };
  },
  usage: () => processUsage(),
};

export type OrchestratorApi = typeof api;

serveParent(api, async () => {
  await running?.close();
});

/**
 * bench:kafka-consumers — why the high-volume session-event consumers keep our own
 * PipelinedKafkaConsumer while the low-volume OSS command topic acs.commands runs on
 * @nestjs/microservices' Kafka transport: the same messages, the same handler work, through each.
 *
 * A real Apache Kafka cluster (tools/bench/support/bench-kafka.ts: 3 brokers, replication 3;
 * `-- --kafka mock` for librdkafka's mock) and a real redis-server. One topic of 12 partitions,
 * as cwmp.session-events, holds BENCH_MESSAGES messages (100,000; JSON of ~300 bytes, keyed by a
 * device id over 5,000 devices), produced with acks from all in-sync replicas before any consumer
 * starts. Then, one after the other, each consumer reads all of them from the beginning in a
 * consumer group of its own:
 *   pipelined       PipelinedKafkaConsumer as provisioning consumes cwmp.session-events, with the
 *                   service's default settings (PROVISIONING_EVENTS_IN_FLIGHT 512 messages in
 *                   flight, PROVISIONING_COMMIT_INTERVAL_MS 100, KAFKA_MAX_WAIT_MS 100): a
 *                   device's messages in order, different devices side by side, offsets committed
 *                   in order;
 *   nest_transport  ServerKafka as provisioning consumes acs.commands (commandsMicroservice's
 *                   options, a controller of one @EventPattern): kafkajs eachMessage, one message
 *                   at a time, its offset committed once its handler resolved.
 * The handler reads the message's JSON and makes one Redis round trip, `SET seen:<deviceId>
 * <offset>`, as a session-event handler makes at least one store call (both share one client with
 * auto-pipelining, as the service's). Timed from the consumer's start (joining the group
 * included) until the handler has seen all the messages, counted as distinct offsets per
 * partition so that a redelivery does not count twice; CPU time is this process's
 * (process.cpuUsage) over the same window, so it holds the consumer and the handler, not Kafka's
 * or Redis's. BENCH_ROUNDS rounds (3), the order alternating, each round's figures on stderr;
 * medians (of an even count, the mean of the middle two) are printed, the ratio last (the
 * transport's rate as a share of the pipelined consumer's).
 *
 * Every phase fails the run, naming itself, after 5 minutes; consumers, Redis and Kafka are
 * stopped on the way out, failure or not.
 */
import 'reflect-metadata';
import { logLevel, Partitioners, type Kafka } from 'kafkajs';
import { configFromEnv } from '@acs/config';
import { TOPICS } from '@acs/contracts';
import { kafkaFromSettings } from '@acs/event-bus';
import { createRedisClient, type RedisClient } from '@acs/redis';
import { startRedisServer, type RedisServer } from '@acs/testing';
import { ProvisioningServiceSchema } from '../../apps/provisioning/src/provisioning-config';
import {
  nestTransport,
  pipelinedConsumer,
  redisWork,
  type ConsumerName,
  type ConsumerUnderTest,
  type ProvisioningSettings,
} from './kafka-consumers/consumers';
import { SeenOffsets } from './kafka-consumers/seen-offsets';
import { kafkaKindFromArgs, startBenchKafka, type BenchKafka } from './support/bench-kafka';
import { positiveIntegerEnv } from './support/env';
import { stage } from './support/stage';

const MESSAGES = positiveIntegerEnv('BENCH_MESSAGES', 100_000);
const ROUNDS = positiveIntegerEnv('BENCH_ROUNDS', 3);
const DEVICES = 5_000;
const PARTITIONS = 12;
const PHASE_MS = 5 * 60_000;
/** Messages per produce request. */
const PRODUCE_CHUNK = 1_000;
const PREFIX = 'kafka-consumers.';
/** After the run, what still holds the process (a phase given up on) no longer does. */
const EXIT_GRACE_MS = 10_000;

interface RoundFigures {
  msgsPerSecond: number;
  cpuUsPerMessage: number;
}

/** What is running, for shutDown to stop whatever got started. */
interface Running {
  kafka?: BenchKafka;
  redisServer?: RedisServer;
  redis?: RedisClient;
}

const deviceIdOf = (device: number) => `00D09E-BENCH-${String(device).padStart(6, '0')}`;

/** A session event of ~300 bytes, the size of cwmp.session-events' periodic SessionOpened. */
function sessionEvent(ordinal: number, deviceId: string): string {
  const sessionId = `${deviceId}-${String(ordinal).padStart(8, '0')}`;
  return JSON.stringify({
    schemaVersion: 1,
    type: 'SessionOpened',
    eventId: `evt-${String(ordinal).padStart(12, '0')}`,
    deviceId,
    sessionId,
    occurredAt: new Date(1_750_000_000_000 + ordinal).toISOString(),
    inform: {
      events: ['2 PERIODIC'],
      softwareVersion: 'V3R017C10S100',
      connectionRequestUrl: `http://10.${ordinal % 250}.${ordinal % 200}.7:7547/cr`,
    },
  });
}

async function produce(kafka: Kafka, settings: ProvisioningSettings, topic: string) {
  const producer = kafka.producer({
    idempotent: settings.idempotentProducer,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    for (let first = 0; first < MESSAGES; first += PRODUCE_CHUNK) {
      const messages = [];
      for (let ordinal = first; ordinal < Math.min(MESSAGES, first + PRODUCE_CHUNK); ordinal++) {
        const deviceId = deviceIdOf(ordinal % DEVICES);
        messages.push({ key: deviceId, value: sessionEvent(ordinal, deviceId) });
      }
      await producer.send({ topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

/** One consumer group reads the whole topic: time and CPU from its start to the last message. */
async function consumeAll(consumer: ConsumerUnderTest, round: number): Promise<RoundFigures> {
  const seen = new SeenOffsets(MESSAGES);
  const prepared = await stage(
    `${consumer.name} round ${round}: building the consumer`,
    consumer.prepare(`${consumer.name}-round-${round}`, seen),
    PHASE_MS,
  );
  try {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const consumed = async () => {
      await prepared.start();
      await seen.all;
    };
    await stage(
      `${consumer.name} round ${round}: handling all ${MESSAGES} messages`,
      consumed(),
      PHASE_MS,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)} (${seen.count} seen)`, { cause: error });
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const figures = {
      msgsPerSecond: MESSAGES / seconds,
      cpuUsPerMessage: (cpu.user + cpu.system) / MESSAGES,
    };
    const firstMs = (seen.firstSeenAt ?? Number.NaN) - started;
    process.stderr.write(
      `round ${round} ${consumer.name}: ${MESSAGES} in ${(seconds * 1000).toFixed(0)} ms ` +
        `(the first after ${firstMs.toFixed(0)} ms), ` +
        `${figures.msgsPerSecond.toFixed(0)} msgs/s, ${figures.cpuUsPerMessage.toFixed(1)} us CPU/msg\n`,
    );
    return figures;
  } finally {
    await stage(`${consumer.name} round ${round}: stopping`, prepared.stop(), PHASE_MS);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? Number.NaN;
  return ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

async function run(running: Running): Promise<void> {
  const kafka = (running.kafka = await stage(
    'starting Kafka',
    startBenchKafka(kafkaKindFromArgs()),
    PHASE_MS,
  ));
  running.redisServer = await stage('starting Redis', startRedisServer(), PHASE_MS);
  const redis = (running.redis = createRedisClient(
    { topology: 'standalone', url: running.redisServer.url },
    { enableAutoPipelining: true },
  ));
  const names = await stage(
    'creating the topic',
    kafka.topics(PREFIX, { [TOPICS.sessionEvents]: PARTITIONS }),
    PHASE_MS,
  );
  // The provisioning service's settings, every one at its default but the cluster's names.
  const settings = configFromEnv(ProvisioningServiceSchema, names.env);
  await stage(
    `producing ${MESSAGES} messages`,
    // Quiet: the coordinator still loading on a new cluster is retried, and a failure throws.
    produce(
      kafkaFromSettings(settings, { logLevel: logLevel.NOTHING }),
      settings,
      `${PREFIX}${TOPICS.sessionEvents}`,
    ),
    PHASE_MS,
  );

  const work = redisWork(redis);
  const consumers = [pipelinedConsumer(settings, work), nestTransport(settings, work)];
  const rounds = new Map<ConsumerName, RoundFigures[]>(consumers.map(({ name }) => [name, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? consumers : [...consumers].reverse();
    for (const consumer of order)
      rounds.get(consumer.name)?.push(await consumeAll(consumer, round));
  }

  const medianOf = (name: ConsumerName, pick: (figures: RoundFigures) => number) =>
    median((rounds.get(name) ?? []).map(pick));
  const rate = (name: ConsumerName) => medianOf(name, (figures) => figures.msgsPerSecond);
  const cpu = (name: ConsumerName) => medianOf(name, (figures) => figures.cpuUsPerMessage);
  const lines = [
    kafka.description,
    `messages ${MESSAGES}`,
    `pipelined_msgs_per_s ${rate('pipelined').toFixed(0)}`,
    `nest_transport_msgs_per_s ${rate('nest_transport').toFixed(0)}`,
    `pipelined_cpu_us_per_msg ${cpu('pipelined').toFixed(1)}`,
    `nest_transport_cpu_us_per_msg ${cpu('nest_transport').toFixed(1)}`,
    `nest_transport_ratio ${(rate('nest_transport') / rate('pipelined')).toFixed(2)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Stops what was started, each step on its own: one that fails does not keep the rest running. */
async function shutDown({ redis, redisServer, kafka }: Running): Promise<void> {
  await shutDownStep('closing the Redis client', redis && (() => redis.quit()));
  await shutDownStep('stopping Redis', redisServer && (() => redisServer.stop()));
  await shutDownStep('stopping Kafka', kafka && (() => kafka.stop()));
}

async function shutDownStep(name: string, step: (() => Promise<unknown>) | undefined) {
  if (!step) return;
  try {
    await stage(name, step(), PHASE_MS);
  } catch (error) {
    process.stderr.write(`${name} failed: ${String(error)}\n`);
    process.exitCode = 1;
  }
}

async function main(): Promise<void> {
  const running: Running = {};
  try {
    await run(running);
  } finally {
    await shutDown(running);
  }
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`\n${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    setTimeout(() => {
      process.stderr.write('still running after the shutdown: exiting\n');
      process.exit(process.exitCode ?? 1);
    }, EXIT_GRACE_MS).unref();
  });

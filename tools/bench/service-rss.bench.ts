/**
 * bench:service-rss — the resident memory of each service run through the TypeScript loader and
 * run from its build (dist/apps/<app>/main.js, no loader), at idle and under load. For each
 * runtime in turn: the scaled trio (gateway, inventory, provisioning) on redis-server, Kafka (a
 * real 3-broker cluster; `--kafka mock` for librdkafka's mock) and MongoDB (FerretDB), then the
 * all-in-one app. RSS is read from /proc after BENCH_IDLE_MS at idle, then again (and the peak,
 * VmHWM) after BENCH_LOAD_MS of periodic informs from BENCH_DEVICES simulated CPEs (one a second
 * each, BENCH_CONCURRENCY sessions in flight) through the gateway, so that every service works.
 *
 * Environment: BENCH_IDLE_MS (10000), BENCH_LOAD_MS (30000), BENCH_DEVICES (300),
 * BENCH_CONCURRENCY (32), BENCH_RUNTIMES (loader,built).
 */
import { TOPICS } from '@acs/contracts';
import { startRedisServer, type RedisServer } from '@acs/testing';
import { startBenchKafka, kafkaKindFromArgs, type BenchKafka } from './support/bench-kafka';
import { positiveIntegerEnv } from './support/env';
import { loadThrough, type Runtime } from './service-rss/load';
import { startAllInOne, startScaled, type Measured } from './service-rss/services';

const IDLE_MS = positiveIntegerEnv('BENCH_IDLE_MS', 10_000);
const LOAD_MS = positiveIntegerEnv('BENCH_LOAD_MS', 30_000);
const DEVICES = positiveIntegerEnv('BENCH_DEVICES', 300);
const CONCURRENCY = positiveIntegerEnv('BENCH_CONCURRENCY', 32);
const RUNTIMES = (process.env['BENCH_RUNTIMES'] ?? 'loader,built').split(',') as Runtime[];

const mb = (kb: number) => (kb / 1024).toFixed(0);

async function measure(runtime: Runtime, started: Measured): Promise<void> {
  try {
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idle = started.services.map((service) => ({ name: service.name, ...service.memory() }));
    const sessions = await loadThrough(started.cwmpUrl, {
      devices: DEVICES,
      concurrency: CONCURRENCY,
      durationMs: LOAD_MS,
    });
    const loaded = started.services.map((service) => service.memory());
    for (const [index, before] of idle.entries()) {
      const after = loaded[index];
      if (!after) continue;
      console.log(
        `${runtime}_${before.name}: idle_rss_mb ${mb(before.rssKb)}, load_rss_mb ${mb(after.rssKb)}, ` +
          `peak_rss_mb ${mb(after.peakKb)}`,
      );
    }
    console.log(
      `${runtime}_${started.label}: ${sessions.ok} sessions ok, ${sessions.failed} failed`,
    );
  } finally {
    await started.stop();
  }
}

async function main(): Promise<void> {
  let redis: RedisServer | undefined;
  let kafka: BenchKafka | undefined;
  try {
    redis = await startRedisServer();
    kafka = await startBenchKafka(kafkaKindFromArgs());
    console.log(kafka.description);
    for (const [index, runtime] of RUNTIMES.entries()) {
      const topics = await kafka.topics(`rss${index}.`, {
        [TOPICS.sessionEvents]: 4,
        [TOPICS.deviceChanges]: 4,
        [TOPICS.events]: 4,
        [TOPICS.commands]: 2,
        [TOPICS.commandResults]: 2,
        [TOPICS.audit]: 1,
      });
      await measure(runtime, await startScaled(runtime, redis, topics));
      await measure(runtime, await startAllInOne(runtime));
    }
  } finally {
    await kafka?.stop();
    await redis?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

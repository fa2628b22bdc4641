/**
 * Child process for the no-leftover-process tests: starts redis-server, a Kafka mock cluster and
 * FerretDB, prints their PIDs (and FerretDB's temp dir) as one JSON line, then idles until the test kills it. It deliberately never
 * calls stop(): whatever cleans up must be the harness' own guarantees.
 */
import { startKafkaMockCluster } from '../kafka-mock-cluster';
import { startFerretDb } from '../mongo/ferretdb-server';
import { startRedisServer } from '../redis-server';

async function main(): Promise<void> {
  const redis = await startRedisServer();
  const kafka = await startKafkaMockCluster({ brokers: 1 });
  const ferretdb = await startFerretDb();
  const pids = {
    redisPid: redis.pid,
    kafkaPid: kafka.pid,
    ferretdbPid: ferretdb.pid,
    ferretdbDir: ferretdb.dir,
  };
  process.stdout.write(`${JSON.stringify(pids)}\n`);
  // Idle, but never outlive the test that spawned us: exit when its stdin pipe closes.
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});

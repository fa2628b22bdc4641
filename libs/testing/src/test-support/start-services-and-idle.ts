/**
 * Child process for the no-leftover-process tests: starts redis-server, a Redis Cluster (six
 * redis-server processes), a Kafka mock cluster, a real Kafka cluster (one broker and its
 * controller) and FerretDB, prints their PIDs (and FerretDB's temp dir) as one JSON line, then
 * idles until the test kills it. It deliberately never calls stop(): whatever cleans up must be
 * the harness' own guarantees. With `--light`, only redis-server and FerretDB (a native server
 * and a Go one, started in seconds, not the JVMs).
 */
import { startKafkaCluster } from '../kafka-cluster/kafka-cluster';
import { startKafkaMockCluster } from '../kafka-mock-cluster';
import { startFerretDb } from '../mongo/ferretdb-server';
import { startRedisCluster } from '../redis-cluster';
import { startRedisServer } from '../redis-server';

async function main(): Promise<void> {
  const light = process.argv.includes('--light');
  const redis = await startRedisServer();
  const ferretdb = await startFerretDb();
  const pids = [redis.pid, ferretdb.pid];
  if (!light) {
    const redisCluster = await startRedisCluster();
    const kafka = await startKafkaMockCluster({ brokers: 1 });
    const kafkaCluster = await startKafkaCluster({ brokers: 1 });
    pids.push(...redisCluster.members.map((node) => node.pid), kafka.pid, ...kafkaCluster.pids());
  }
  process.stdout.write(`${JSON.stringify({ pids, ferretdbDir: ferretdb.dir })}\n`);
  // Idle, but never outlive the test that spawned us: exit when its stdin pipe closes.
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});

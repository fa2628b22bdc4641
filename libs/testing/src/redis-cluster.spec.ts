import { existsSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Cluster } from 'ioredis';
import { isProcessRunning } from './child-processes';
import { useRedisCluster } from './jest-hooks';
import { startRedisCluster } from './redis-cluster';

const TEST_TIMEOUT_MS = 60_000;

async function withCluster<T>(
  startupNodes: { host: string; port: number }[],
  use: (client: Cluster) => Promise<T>,
): Promise<T> {
  const client = new Cluster(startupNodes, { redisOptions: { maxRetriesPerRequest: 1 } });
  try {
    return await use(client);
  } finally {
    client.disconnect();
  }
}

describe('startRedisCluster', () => {
  const redis = useRedisCluster();

  it('runs three masters with one replica each, all slots covered', async () => {
    const { cluster } = redis;
    expect(cluster.members).toHaveLength(6);
    expect(cluster.clusterNodes.split(',')).toEqual(
      cluster.startupNodes.map(({ host, port }) => `${host}:${port}`),
    );
    const masters = await cluster.masters();
    expect(masters).toHaveLength(3);
    const replicas = await Promise.all(masters.map((master) => cluster.replicasOf(master)));
    expect(replicas.map((of) => of.length)).toEqual([1, 1, 1]);
    const everyone = [...masters, ...replicas.flat()].map((node) => node.address).sort();
    expect(everyone).toEqual(cluster.members.map((node) => node.address).sort());
  });

  it('serves keys on every master through a Cluster client, one hash tag on one slot', async () => {
    const { cluster } = redis;
    expect(await cluster.slotOf('acs:{dev-1}:lock')).toBe(await cluster.slotOf('acs:{dev-1}:x'));
    const keys = Array.from({ length: 60 }, (_, i) => `spread:{${i}}`);
    const owners = new Set(
      await Promise.all(keys.map(async (key) => (await cluster.masterOf(key)).address)),
    );
    expect(owners.size).toBe(3);
    await withCluster(redis.startupNodes, async (client) => {
      await Promise.all(keys.map((key) => client.set(key, key)));
      expect(await Promise.all(keys.map((key) => client.get(key)))).toEqual(keys);
    });
  });

  it(
    "promotes a killed master's replica, which keeps its data; the old master rejoins as a replica",
    async () => {
      const { cluster } = redis;
      const key = 'failover:{probe}';
      const master = await cluster.masterOf(key);
      const [replica] = await cluster.replicasOf(master);
      if (!replica) throw new Error(`${master.address} has no replica`);
      await withCluster(redis.startupNodes, async (client) => {
        await client.set(key, 'before');
        // The write reached the replica before the crash: WAIT counts the replicas that have it.
        expect(await client.call('WAIT', '1', '5000')).toBe(1);
      });
      const pid = master.pid;

      await cluster.kill(master);
      expect(isProcessRunning(pid)).toBe(false);
      expect(master.running).toBe(false);
      await cluster.waitUntilOk();

      expect((await cluster.masterOf(key)).address).toBe(replica.address);
      expect(await cluster.masters()).toHaveLength(3);
      expect(await withCluster(redis.startupNodes, (client) => client.get(key))).toBe('before');

      await cluster.restart(master);
      await cluster.waitUntilOk();
      expect(master.running).toBe(true);
      expect((await cluster.replicasOf(replica)).map((node) => node.address)).toEqual([
        master.address,
      ]);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('startRedisCluster lifecycle', () => {
  it(
    'stop() ends every node and removes their directories',
    async () => {
      const cluster = await startRedisCluster();
      const pids = cluster.members.map((node) => node.pid);
      expect(pids.every((pid) => isProcessRunning(pid))).toBe(true);
      // redis-server works in its --dir: each node's own directory under the cluster's temp dir.
      const dirs = pids.map((pid) => readlinkSync(`/proc/${pid}/cwd`));
      expect(new Set(dirs).size).toBe(6);
      expect(dirs.every((dir) => dir.startsWith(tmpdir()) && existsSync(dir))).toBe(true);
      await cluster.stop();
      expect(pids.filter((pid) => isProcessRunning(pid))).toEqual([]);
      expect(dirs.filter((dir) => existsSync(dir))).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it('names the package to install when redis-cli is missing', async () => {
    await expect(startRedisCluster({ cli: 'redis-cli-not-installed' })).rejects.toThrow(
      'apt-get install -y redis-server',
    );
  });
});

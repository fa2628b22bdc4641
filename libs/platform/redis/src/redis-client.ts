import { Cluster, type Redis } from 'ioredis';

/**
 * A connection the application made (one per pod, shared by its Redis users): one server or a
 * Redis Cluster. Adapters take either. Every key one call or script touches carries the same
 * hash tag, so a Cluster routes the call to the one node that owns that slot.
 */
export type RedisClient = Redis | Cluster;

/**
 * The connections that together hold the whole keyspace: the client itself on one server, each
 * master on a Cluster. For commands that name no key (SCAN, FLUSHALL, SCRIPT FLUSH), which a
 * Cluster would send to one node only.
 */
export async function masterConnections(client: RedisClient): Promise<Redis[]> {
  if (!(client instanceof Cluster)) return [client];
  // Until the Cluster is ready its pool holds the startup nodes, replicas included, and drops
  // them once it has read the slots: a command queued until then waits for that. The slot map
  // is then read afresh, so that a failover just done is seen, not the last periodic read.
  await client.ping();
  await new Promise<void>((resolve, reject) =>
    client.refreshSlotsCache((error) => (error ? reject(error) : resolve())),
  );
  return client.nodes('master');
}

import { Redis } from 'ioredis';

/** One node's view of its Redis Cluster: CLUSTER INFO, CLUSTER SLOTS and ROLE, read together. */
export interface ClusterView {
  /** cluster_state: `ok` or `fail`. */
  state: string;
  slotsOk: number;
  ranges: SlotRange[];
  /** The ranges and their masters as one string, to compare two nodes' views. */
  slotMap: string;
  role: 'master' | 'slave';
  /** A replica's link to its master (ROLE says `connected`); true for a master. */
  linkUp: boolean;
}

export interface SlotRange {
  start: number;
  end: number;
  /** `host:port` */
  master: string;
  replicas: string[];
}

interface NodeAddress {
  host: string;
  port: number;
}

/**
 * A short-lived plain connection to one node: the harness asks each node for its own view, which
 * a Cluster client (routing to whichever node it likes) would not do. No retries: a node that is
 * down answers with an error at once.
 */
async function ask<T>(node: NodeAddress, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({
    host: node.host,
    port: node.port,
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

export function keySlot(node: NodeAddress, key: string): Promise<number> {
  return ask(node, async (client) => Number(await client.cluster('KEYSLOT', key)));
}

export function clusterView(node: NodeAddress): Promise<ClusterView> {
  return ask(node, async (client) => {
    const [info, nodes, role] = await Promise.all([
      client.cluster('INFO'),
      client.cluster('NODES'),
      client.role(),
    ]);
    const fields = new Map(
      String(info)
        .split(/\r?\n/)
        .map((line) => line.split(':') as [string, string]),
    );
    const ranges = slotRanges(String(nodes)).sort((a, b) => a.start - b.start);
    const [kind, , , linkState] = role as unknown[];
    return {
      state: fields.get('cluster_state') ?? 'unknown',
      slotsOk: Number(fields.get('cluster_slots_ok') ?? 0),
      ranges,
      slotMap: ranges.map((r) => `${r.start}-${r.end}@${r.master}`).join(' '),
      role: kind === 'slave' ? 'slave' : 'master',
      linkUp: kind !== 'slave' || linkState === 'connected',
    };
  });
}

/**
 * CLUSTER NODES, one line per node: `<id> <ip:port@bus> <flags> <master id|-> <ping> <pong>
 * <epoch> <link> <slot ranges...>`. Read rather than CLUSTER SLOTS, which leaves out a replica
 * until it has replicated some data.
 */
function slotRanges(text: string): SlotRange[] {
  const nodes = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [id = '', address = '', flags = '', masterId = '', , , , , ...slots] = line.split(' ');
      return {
        id,
        address: address.split('@')[0] ?? address,
        flags: flags.split(','),
        masterId,
        slots: slots.filter((slot) => !slot.startsWith('[')),
      };
    });
  return nodes.flatMap((master) => {
    const replicas = nodes
      .filter((n) => n.masterId === master.id && !n.flags.includes('fail'))
      .map((n) => n.address);
    return master.slots.map((range) => {
      const [start = '', end = start] = range.split('-');
      return { start: Number(start), end: Number(end), master: master.address, replicas };
    });
  });
}

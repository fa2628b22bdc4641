import { shardOptions } from './shards';

describe('shardOptions', () => {
  const fleet = { acsUrl: 'http://127.0.0.1:7547/', devices: 10, firstOrdinal: 100 };

  it('gives each process its own run of ordinals, together exactly the fleet', () => {
    const shards = shardOptions({ ...fleet, concurrency: 5 }, 3);
    expect(shards.map((shard) => [shard.firstOrdinal, shard.devices])).toEqual([
      [100, 4],
      [104, 3],
      [107, 3],
    ]);
    expect(shards.map((shard) => shard.concurrency)).toEqual([2, 2, 1]);
  });

  it('moves fixed connection-request ports by process, and leaves free ones free', () => {
    const fixed = shardOptions(
      { ...fleet, connectionRequests: { host: '127.0.0.1', httpPort: 7600, udpPort: 7700 } },
      2,
    );
    expect(fixed.map((shard) => shard.connectionRequests)).toEqual([
      { host: '127.0.0.1', httpPort: 7600, udpPort: 7700 },
      { host: '127.0.0.1', httpPort: 7601, udpPort: 7701 },
    ]);
    const free = shardOptions({ ...fleet, connectionRequests: { host: '127.0.0.1' } }, 2);
    expect(free.map((shard) => shard.connectionRequests)).toEqual([
      { host: '127.0.0.1' },
      { host: '127.0.0.1' },
    ]);
  });

  it('starts no process without devices, and keeps one session in flight per process at least', () => {
    const shards = shardOptions({ ...fleet, devices: 2, concurrency: 1 }, 4);
    expect(shards.map((shard) => [shard.devices, shard.concurrency])).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });
});

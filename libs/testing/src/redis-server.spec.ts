import { connect } from 'node:net';
import Redis from 'ioredis';
import { isProcessRunning } from './child-processes';
import { useRedisServer } from './jest-hooks';
import { startRedisServer } from './redis-server';

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function withClient<T>(url: string, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return await use(client);
  } finally {
    client.disconnect();
  }
}

describe('startRedisServer', () => {
  it('serves SET/GET, and after stop() its port refuses connections and its process is gone', async () => {
    const server = await startRedisServer();
    try {
      const value = await withClient(server.url, async (client) => {
        await client.set('device:1', 'online');
        return client.get('device:1');
      });
      expect(value).toBe('online');
    } finally {
      await server.stop();
    }
    expect(isProcessRunning(server.pid)).toBe(false);
    expect(await canConnect(server.port)).toBe(false);
  });

  it('runs independent servers side by side on distinct ports', async () => {
    const [a, b] = await Promise.all([startRedisServer(), startRedisServer()]);
    try {
      expect(a.port).not.toBe(b.port);
      await withClient(a.url, (client) => client.set('only-in-a', '1'));
      expect(await withClient(b.url, (client) => client.get('only-in-a'))).toBeNull();
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('names the package to install when the binary is missing', async () => {
    await expect(startRedisServer({ binary: 'redis-server-not-installed' })).rejects.toThrow(
      'apt-get install -y redis-server',
    );
  });
});

describe('useRedisServer', () => {
  const redis = useRedisServer();

  it('provides a running server to the tests of the block', async () => {
    expect(await withClient(redis.url, (client) => client.ping())).toBe('PONG');
    expect(isProcessRunning(redis.server.pid)).toBe(true);
  });
});

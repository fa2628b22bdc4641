import { ConfigError } from '@acs/config';
import { describeRedisTarget, redisTargetFromEnv } from './redis-target';

function problemsOf(env: Record<string, string>): string[] {
  try {
    redisTargetFromEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('redisTargetFromEnv', () => {
  it('takes REDIS_URL as one server', () => {
    expect(redisTargetFromEnv({ REDIS_URL: 'redis://10.0.0.5:6379/0' })).toEqual({
      topology: 'standalone',
      url: 'redis://10.0.0.5:6379/0',
    });
  });

  it('takes REDIS_CLUSTER_NODES as comma-separated host:port, IPv6 in brackets', () => {
    expect(
      redisTargetFromEnv({
        REDIS_CLUSTER_NODES: 'redis-0.redis:6379, 10.0.0.6:7001,[fd00::7]:7002',
      }),
    ).toEqual({
      topology: 'cluster',
      nodes: [
        { host: 'redis-0.redis', port: 6379 },
        { host: '10.0.0.6', port: 7001 },
        { host: 'fd00::7', port: 7002 },
      ],
    });
  });

  it('refuses both, or neither, naming the two variables', () => {
    expect(
      problemsOf({ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'b:6379' }).join(),
    ).toMatch(/REDIS_URL and REDIS_CLUSTER_NODES: set one of them, not both/);
    expect(problemsOf({}).join()).toMatch(/REDIS_URL or REDIS_CLUSTER_NODES: one is required/);
    expect(problemsOf({ REDIS_URL: '', REDIS_CLUSTER_NODES: '' }).join()).toMatch(
      /one is required/,
    );
  });

  it('refuses a cluster node that is not host:port, or whose port cannot be', () => {
    expect(problemsOf({ REDIS_CLUSTER_NODES: 'a:6379,redis://b:6379' }).join()).toMatch(
      /^REDIS_CLUSTER_NODES: /,
    );
    expect(problemsOf({ REDIS_CLUSTER_NODES: 'a' }).join()).toMatch(/^REDIS_CLUSTER_NODES: /);
    expect(problemsOf({ REDIS_CLUSTER_NODES: 'a:6379,b:70000' })).toEqual([
      'REDIS_CLUSTER_NODES: port out of range in b:70000',
    ]);
  });
});

describe('describeRedisTarget', () => {
  it('never shows the password of a URL', () => {
    const described = describeRedisTarget({
      topology: 'standalone',
      url: 'rediss://default:s3cret@redis.example:6380/2',
    });
    expect(described).toEqual({ topology: 'standalone', url: 'rediss://redis.example:6380/2' });
    expect(JSON.stringify(described)).not.toContain('s3cret');
  });

  it('lists the cluster nodes it starts from', () => {
    expect(
      describeRedisTarget({
        topology: 'cluster',
        nodes: [
          { host: '10.0.0.6', port: 7001 },
          { host: 'fd00::7', port: 7002 },
        ],
      }),
    ).toEqual({ topology: 'cluster', nodes: ['10.0.0.6:7001', '[fd00::7]:7002'] });
  });
});

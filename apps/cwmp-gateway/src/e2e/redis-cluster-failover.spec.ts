import { Redis } from 'ioredis';
import { deviceIdOf, REDIS_KEYS, type SessionEvent } from '@acs/contracts';
import type { SessionResult } from '@acs/cpe-simulator';
import { createRedisClient } from '@acs/redis';
import { waitFor, type RedisCluster, type RedisClusterNode } from '@acs/testing';
import { simulatedDeviceCredentials } from '../test-support/gateway-stand';
import { useGatewayStack } from '../test-support/gateway-stack';
import { auditSessionKeys } from '../test-support/session-key-audit';

const OUI = '0253AC';
const PRODUCT_CLASS = 'SimGateway-181';
const DEVICES = 30;
const SERIALS = Array.from({ length: DEVICES }, (_, i) => `FAIL${String(i).padStart(4, '0')}`);
const deviceOf = (serial: string) =>
  deviceIdOf({ oui: OUI, productClass: PRODUCT_CLASS, serialNumber: serial });

interface Outcome {
  serial: string;
  result: SessionResult;
  startedAt: number;
  endedAt: number;
}

describe('gateway on a Redis Cluster: a master SIGKILLed while sessions run', () => {
  const stack = useGatewayStack({
    redis: 'cluster',
    credentials: simulatedDeviceCredentials(OUI, PRODUCT_CLASS, SERIALS),
    env: {
      CWMP_RETRY_AFTER_MIN_S: '1',
      CWMP_RETRY_AFTER_MAX_S: '2',
      CWMP_SESSION_TIMEOUT_MS: '3000',
      CWMP_OUTBOX_WAIT_MS: '3000',
    },
  });

  it('promotes the replica; sessions complete or retry cleanly; no record is left half written', async () => {
    const { orchestrator, redisCluster, redisTarget } = stack();
    // One GetParameterValues in every session, answered after a pause: at any moment some
    // sessions wait on their outbox (the wake-up path), others are between requests.
    for (const serial of SERIALS) {
      orchestrator.plan(
        deviceOf(serial),
        [{ type: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.UpTime'] }],
        { everySession: true, delayMs: 200 },
      );
    }
    const outcomes: Outcome[] = [];
    const simulator = await stack().simulate({
      devices: DEVICES,
      serialPattern: 'FAIL%04d',
      periodicEnabled: true,
      periodicIntervalSeconds: 1,
      bootSpreadMs: 1_000,
    });
    simulator.on('session', ({ serial, result }) => {
      const endedAt = Date.now();
      outcomes.push({ serial, result, startedAt: endedAt - result.durationMs, endedAt });
    });
    /** Devices with a session that ran its RPC and ended with 204, begun at `since` or later. */
    const completedSince = (since: number) =>
      new Set(
        outcomes
          .filter((o) => o.result.ok && o.result.rpcCount === 1 && o.startedAt >= since)
          .map((o) => o.serial),
      );
    await waitFor(() => completedSince(0).size === DEVICES, 'a session of every device', 30_000);

    // The victim: the master the pod's wake-up subscriber is connected to when it is on a
    // master (so that the subscription must move too), else the master of the most devices.
    const mastersOf = new Map<string, RedisClusterNode>();
    for (const serial of SERIALS) {
      mastersOf.set(serial, await redisCluster.masterOf(REDIS_KEYS.session(deviceOf(serial))));
    }
    const [subscriberNode] = await subscriberNodes(redisCluster);
    const masters = await redisCluster.masters();
    const victim =
      masters.find((master) => master === subscriberNode) ?? mostCommon([...mastersOf.values()]);
    const onVictim = SERIALS.filter((serial) => mastersOf.get(serial) === victim);
    const [replica] = await redisCluster.replicasOf(victim);
    if (!replica) throw new Error(`${victim.address} has no replica`);
    expect(onVictim.length).toBeGreaterThan(0);

    const inProgress = () => [...simulator.devices()].filter((d) => d.sessionInProgress).length;
    await waitFor(() => inProgress() >= 5, 'sessions in progress', 10_000);
    const killedAt = Date.now();
    await redisCluster.kill(victim);
    await redisCluster.waitUntilOk(30_000);
    const promotedAt = Date.now();

    // The replica took over the victim's slots, and only it.
    const nowServing = new Set<string>();
    for (const serial of onVictim) {
      nowServing.add((await redisCluster.masterOf(REDIS_KEYS.session(deviceOf(serial)))).address);
    }
    expect([...nowServing]).toEqual([replica.address]);
    const mastersAfter = (await redisCluster.masters()).map((master) => master.address);
    expect(mastersAfter).toHaveLength(3);
    expect(mastersAfter).toContain(replica.address);
    expect(mastersAfter).not.toContain(victim.address);

    await waitFor(
      () => completedSince(promotedAt).size === DEVICES,
      'a completed session of every device after the failover',
      60_000,
    );
    // The pod's wake-up subscription lives on, on a running node.
    const subscribersAfter = await subscriberNodes(redisCluster);
    expect(subscribersAfter).toHaveLength(1);
    expect(subscribersAfter[0]?.running).toBe(true);

    const audit = createRedisClient(redisTarget);
    let whileRunning: Awaited<ReturnType<typeof auditSessionKeys>>;
    try {
      whileRunning = await auditSessionKeys(audit);
      expect(whileRunning.problems).toEqual([]);

      await simulator.stop();
      // Sessions a CPE gave up on (a 503 mid-session) end by the timeout sweep or a takeover.
      const unclosed = () => {
        const closed = new Set(sessionIds(orchestrator.events, 'SessionClosed'));
        return sessionIds(orchestrator.events, 'SessionOpened').filter((id) => !closed.has(id));
      };
      await waitFor(() => unclosed().length === 0, 'every opened session closed', 30_000);
      expect(await auditSessionKeys(audit)).toEqual({
        records: 0,
        locks: 0,
        outboxes: 0,
        deadlineEntries: 0,
        problems: [],
      });
    } finally {
      audit.disconnect();
    }

    const ok = outcomes.filter((o) => o.result.ok);
    const failures = outcomes.filter((o) => !o.result.ok);
    const inFlightAtKill = outcomes.filter((o) => o.startedAt <= killedAt && o.endedAt >= killedAt);
    const closed = orchestrator.events.filter(
      (e): e is Extract<SessionEvent, { type: 'SessionClosed' }> => e.type === 'SessionClosed',
    );
    const report = {
      devices: DEVICES,
      devicesOnKilledMaster: onVictim.length,
      subscriberOnKilledMaster: victim === subscriberNode,
      failoverMs: promotedAt - killedAt,
      sessionsOk: ok.length,
      sessionsInFlightAtKill: inFlightAtKill.length,
      inFlightAtKillCompleted: inFlightAtKill.filter((o) => o.result.ok).length,
      longestSessionAcrossKillMs: Math.max(0, ...inFlightAtKill.map((o) => o.result.durationMs)),
      medianSessionMs: median(ok.map((o) => o.result.durationMs)),
      failuresByReason: countBy(failures.map((o) => (o.result.ok ? 'ok' : o.result.reason))),
      closedByReason: countBy(closed.map((e) => e.reason)),
      keysWhileRunning: whileRunning,
    };
    process.stdout.write(`redis-cluster-failover ${JSON.stringify(report)}\n`);

    expect(inFlightAtKill.length).toBeGreaterThan(0);
    // A clean retry: 503 with Retry-After (the simulator's "busy"), never a hung request, a
    // dropped connection or a 400 for a session the store lost.
    for (const failure of failures) {
      expect(failure.result).toMatchObject({ ok: false, reason: 'busy' });
      expect(failure.result.ok === false && failure.result.retryAfterMs).toBeGreaterThan(0);
    }
    // Every session a CPE saw end with 204 was closed once as such: completed, or acs-timeout
    // when the stand-in's push was lost (it drops a delayed push that Redis refused). A session
    // the gateway closed just as the failover cut its last answer looks failed to its CPE (a
    // 503 it retries): only sessions the CPE saw fail may be counted so.
    const closedAsDone = closed.filter(
      (e) => e.reason === 'completed' || e.reason === 'acs-timeout',
    ).length;
    expect(closedAsDone).toBeGreaterThanOrEqual(ok.length);
    expect(closedAsDone - ok.length).toBeLessThanOrEqual(failures.length);
    expect(new Set(closed.map((e) => e.sessionId)).size).toBe(closed.length);
    expect(orchestrator.invalid).toEqual([]);
  }, 180_000);
});

/** The nodes holding a pub/sub subscription: the gateway pod's wake-up subscriber. */
async function subscriberNodes(cluster: RedisCluster): Promise<RedisClusterNode[]> {
  const found: RedisClusterNode[] = [];
  for (const node of cluster.members.filter((member) => member.running)) {
    const connection = new Redis(node.port, node.host, { maxRetriesPerRequest: 0 });
    try {
      const clients = String(await connection.call('CLIENT', 'LIST', 'TYPE', 'pubsub'));
      if (/ sub=[1-9]/.test(clients)) found.push(node);
    } finally {
      connection.disconnect();
    }
  }
  return found;
}

function sessionIds(events: SessionEvent[], type: 'SessionOpened' | 'SessionClosed'): string[] {
  return [...new Set(events.filter((e) => e.type === type).map((e) => e.sessionId))];
}

function mostCommon<T>(items: T[]): T {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  const [top] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (!top) throw new Error('nothing to count');
  return top[0];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

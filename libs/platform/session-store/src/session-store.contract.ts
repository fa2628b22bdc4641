import type { OutboxEntry } from '@acs/contracts';
import { SessionRecord, SessionStore } from './session-store';

/** The behaviour every SessionStore adapter must have; run by each adapter's spec. */
export function sessionStoreContract(
  name: string,
  setup: { create(podId: string): Promise<SessionStore> },
): void {
  describe(`${name}: session store contract`, () => {
    const stores: SessionStore[] = [];
    const create = async (podId = 'pod-a') => {
      const store = await setup.create(podId);
      stores.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((store) => store.shutdown()));
    });

    let counter = 0;
    const record = (overrides: Partial<SessionRecord> = {}): SessionRecord => ({
      sessionId: `s-${++counter}`,
      deviceId: `00D09E-HGW-SN${counter}`,
      podId: 'pod-a',
      cwmpVersion: '1.2',
      namespace: 'urn:dslforum-org:cwmp-1-2',
      openedAt: 1_700_000_000_000,
      expiresAt: Date.now() + 30_000,
      timeoutMs: 30_000,
      rpcCount: 0,
      outstanding: null,
      ...overrides,
    });
    const rpc = (sessionId: string, rpcId: string): OutboxEntry => ({
      kind: 'rpc',
      rpcId,
      sessionId,
      request: { type: 'GetParameterValues', parameterNames: ['Device.DeviceInfo.UpTime'] },
    });

    it('opens, reads back, saves and closes a session', async () => {
      const store = await create();
      const session = record();
      expect(await store.open(session, 30_000)).toEqual({ replaced: null });
      expect(await store.get(session.deviceId)).toEqual(session);
      const later = {
        ...session,
        rpcCount: 1,
        outstanding: {
          rpcId: 'r1',
          method: 'GetParameterValues' as const,
          cwmpId: 'c1',
          request: { type: 'GetParameterValues' as const, parameterNames: ['Device.'] },
        },
      };
      expect(await store.save(later, 30_000)).toBe(true);
      expect(await store.get(session.deviceId)).toEqual(later);
      expect(await store.close(session.deviceId, session.sessionId)).toEqual(later);
      expect(await store.get(session.deviceId)).toBeNull();
    });

    it('lets a new Inform take the device over; the old session can no longer write', async () => {
      const store = await create();
      const first = record();
      await store.open(first, 30_000);
      expect(await store.push(first.deviceId, rpc(first.sessionId, 'old-rpc'))).toBe(true);
      const second = { ...first, sessionId: 'takeover' };
      expect(await store.open(second, 30_000)).toEqual({ replaced: first });
      expect(await store.save({ ...first, rpcCount: 9 }, 30_000)).toBe(false);
      expect(await store.push(first.deviceId, rpc(first.sessionId, 'late'))).toBe(false);
      expect(await store.close(first.deviceId, first.sessionId)).toBeNull();
      // The new session starts with an empty outbox.
      expect(await store.next(first.deviceId, second.sessionId, 0)).toBeNull();
      expect(await store.get(first.deviceId)).toEqual(second);
    });

    it('hands out outbox entries in order', async () => {
      const store = await create();
      const session = record();
      await store.open(session, 30_000);
      await store.push(session.deviceId, rpc(session.sessionId, 'r1'));
      await store.push(session.deviceId, rpc(session.sessionId, 'r2'));
      await store.push(session.deviceId, { kind: 'end', sessionId: session.sessionId });
      expect(await store.next(session.deviceId, session.sessionId, 0)).toMatchObject({
        rpcId: 'r1',
      });
      expect(await store.next(session.deviceId, session.sessionId, 0)).toMatchObject({
        rpcId: 'r2',
      });
      expect(await store.next(session.deviceId, session.sessionId, 0)).toEqual({
        kind: 'end',
        sessionId: session.sessionId,
      });
    });

    it('wakes a waiting request when provisioning writes, through the owning pod', async () => {
      const gateway = await create('pod-a');
      const provisioning = await create('pod-b');
      const session = record({ podId: 'pod-a' });
      await gateway.open(session, 30_000);
      const started = Date.now();
      const waiting = gateway.next(session.deviceId, session.sessionId, 10_000);
      setTimeout(
        () => void provisioning.push(session.deviceId, rpc(session.sessionId, 'woken')),
        100,
      );
      expect(await waiting).toMatchObject({ rpcId: 'woken' });
      expect(Date.now() - started).toBeLessThan(5_000);
    }, 20_000);

    it('saves and hands out the next entry in one step, or says the session is gone', async () => {
      const gateway = await create('pod-a');
      const provisioning = await create('pod-b');
      const session = record({ podId: 'pod-a' });
      await gateway.open(session, 30_000);
      await provisioning.push(session.deviceId, rpc(session.sessionId, 'ready'));
      const renewed = { ...session, rpcCount: 2 };
      const first = await gateway.saveAndNext(renewed, 30_000, 10_000);
      expect(first.saved && (await first.next)).toMatchObject({ rpcId: 'ready' });
      expect(await gateway.get(session.deviceId)).toEqual(renewed);

      const second = await gateway.saveAndNext(renewed, 30_000, 10_000);
      if (!second.saved) throw new Error('the session still holds the device');
      setTimeout(
        () => void provisioning.push(session.deviceId, rpc(session.sessionId, 'later')),
        50,
      );
      expect(await second.next).toMatchObject({ rpcId: 'later' });

      await gateway.open({ ...session, sessionId: 'takeover' }, 30_000);
      expect(await gateway.saveAndNext(renewed, 30_000, 10_000)).toEqual({ saved: false });
      expect(await gateway.get(session.deviceId)).toMatchObject({ sessionId: 'takeover' });
    }, 20_000);

    it('gives up waiting at the deadline with nothing', async () => {
      const store = await create();
      const session = record();
      await store.open(session, 30_000);
      const started = Date.now();
      expect(await store.next(session.deviceId, session.sessionId, 200)).toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    });

    it('forgets a session after its TTL', async () => {
      const store = await create();
      const session = record();
      await store.open(session, 150);
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await store.get(session.deviceId)).toBeNull();
      expect(await store.push(session.deviceId, rpc(session.sessionId, 'too-late'))).toBe(false);
    });

    it('lists sessions past their silence deadline, and forgets them once closed', async () => {
      const store = await create();
      const now = Date.now();
      const silent = record({ expiresAt: now - 1_000 });
      const talking = record({ expiresAt: now + 60_000 });
      const renewed = record({ expiresAt: now - 500 });
      for (const session of [silent, talking, renewed]) await store.open(session, 120_000);
      await store.save({ ...renewed, expiresAt: now + 60_000 }, 120_000);
      const expired = await store.expired(now, 100);
      expect(expired.map((session) => session.sessionId)).toEqual([silent.sessionId]);
      await store.close(silent.deviceId, silent.sessionId);
      expect(await store.expired(now, 100)).toEqual([]);
    });

    it('remembers the device a client address opened a session for, for a while', async () => {
      const store = await create();
      expect(await store.clientDevice('192.0.2.7')).toBeNull();
      await store.bindClient('192.0.2.7', 'dev-1', 30_000);
      await store.bindClient('192.0.2.8', 'dev-2', 100);
      expect(await store.clientDevice('192.0.2.7')).toBe('dev-1');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await store.clientDevice('192.0.2.8')).toBeNull();
    });
  });
}

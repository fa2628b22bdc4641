import { ManualClock } from '@acs/testing';
import { GENESIS_HASH, verifyChain } from './audit-chain';
import { AuditLog, NewAuditEntry } from './audit-log';

export interface AuditLogHarness {
  create(clock: ManualClock): Promise<AuditLog>;
  /** Another instance on the same store, as another API pod has. */
  another(clock: ManualClock): Promise<AuditLog>;
  /** Changes a stored entry's target behind the log's back, as someone with store access could. */
  editTarget(seq: number, target: string): Promise<void>;
  /** Removes a stored entry behind the log's back. */
  remove(seq: number): Promise<void>;
  cleanup(): Promise<void>;
}

const deletion = (n: number): NewAuditEntry => ({
  phase: 'outcome',
  who: { keyId: 'k1', keyName: 'ops' },
  action: 'device.delete',
  target: `device:dev-${n}`,
  request: { params: { deviceId: `dev-${n}` } },
  status: 204,
});

/** The behaviour every AuditLog adapter must have; run by each adapter's spec. */
export function auditLogContract(name: string, harness: AuditLogHarness): void {
  describe(`${name}: audit log contract`, () => {
    let clock: ManualClock;
    let log: AuditLog;

    beforeEach(async () => {
      clock = new ManualClock();
      log = await harness.create(clock);
    });
    afterEach(() => harness.cleanup());

    const appendMany = async (count: number, on: AuditLog = log) => {
      for (let n = 0; n < count; n++) await on.append(deletion(n));
    };

    it('appends an entry with its time and position and reads it back', async () => {
      const refused: NewAuditEntry = {
        phase: 'outcome',
        who: { keyId: null, keyName: null },
        action: 'task.create',
        target: 'device:dev-1',
        request: { body: { type: 'reboot', payload: {} }, nested: { list: [1, 'two', null] } },
        status: 401,
        error: 'unauthenticated',
      };
      const entry = await log.append(refused);
      expect(entry).toEqual({
        ...refused,
        id: expect.any(String),
        seq: 1,
        at: clock.iso(),
        prevHash: GENESIS_HASH,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(await log.list({ limit: 10 })).toEqual({ entries: [entry], total: 1 });
    });

    it('keeps an intent without a status, and its outcome naming it', async () => {
      const intent = await log.append({ ...deletion(1), phase: 'intent', status: undefined });
      const outcome = await log.append({ ...deletion(1), intentId: intent.id });
      expect((await log.list({ limit: 2 })).entries).toEqual([outcome, intent]);
      expect(intent).not.toHaveProperty('status');
      expect(outcome).toMatchObject({ intentId: intent.id, prevHash: intent.hash, seq: 2 });
    });

    it('lists newest first, a page at a time, with the total', async () => {
      const appended = [];
      for (let n = 0; n < 7; n++) {
        appended.push(await log.append(deletion(n)));
        if (n % 2 === 0) clock.advance(1000);
      }
      const newestFirst = appended.reverse().map((entry) => entry.id);
      const first = await log.list({ limit: 3 });
      expect(first.total).toBe(7);
      expect(first.entries.map((entry) => entry.id)).toEqual(newestFirst.slice(0, 3));
      const third = await log.list({ limit: 3, skip: 6 });
      expect(third.entries.map((entry) => entry.id)).toEqual(newestFirst.slice(6));
      expect(third.entries[0]?.target).toBe('device:dev-0');
    });

    it('keeps an empty request summary as an empty object', async () => {
      await log.append({ ...deletion(1), request: {} });
      expect((await log.list({ limit: 1 })).entries[0]?.request).toEqual({});
    });

    it('keeps request keys a document could not hold (dotted, $-led), and the chain verifies', async () => {
      // A configuration names parameters relative to an instance: `Security.KeyPassphrase`.
      const request = {
        body: { objects: [{ values: { 'Security.KeyPassphrase': '[redacted]' } }], $set: 1 },
      };
      const entry = await log.append({ ...deletion(1), request });
      expect((await log.list({ limit: 1 })).entries[0]).toEqual(entry);
      expect(entry.request).toEqual(request);
      expect(await verifyChain(log.chain())).toMatchObject({ ok: true });
    });

    it('links each entry to the one before, and the chain verifies', async () => {
      await appendMany(5);
      const entries = (await log.list({ limit: 10 })).entries.reverse();
      expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5]);
      entries.forEach((entry, index) =>
        expect(entry.prevHash).toBe(entries[index - 1]?.hash ?? GENESIS_HASH),
      );
      expect(await verifyChain(log.chain())).toEqual({
        ok: true,
        entries: 5,
        head: { seq: 5, hash: entries[4]?.hash },
      });
      expect((await log.after(2, 2)).map((entry) => entry.seq)).toEqual([3, 4]);
    });

    it('never forks the chain when several pods append at once', async () => {
      const pods = [log, await harness.another(clock), await harness.another(clock)];
      await Promise.all(
        pods.flatMap((pod, p) =>
          Array.from({ length: 8 }, (_, n) => pod.append(deletion(p * 100 + n))),
        ),
      );
      const verdict = await verifyChain(log.chain());
      expect(verdict).toMatchObject({ ok: true, entries: 24 });
      expect((await pods[1]?.append(deletion(999)))?.seq).toBe(25);
    }, 30_000);

    it('reports an entry edited in the store as the first break', async () => {
      await appendMany(5);
      const edited = (await log.after(2, 1))[0];
      await harness.editTarget(3, 'device:someone-else');
      const verdict = await verifyChain(log.chain());
      expect(verdict).toMatchObject({
        ok: false,
        entries: 2,
        firstBreak: { id: edited?.id, seq: 3, problems: [expect.stringMatching(/^hash: stored/)] },
      });
    });

    it('reports an entry removed from the store as a break at the next one', async () => {
      await appendMany(5);
      await harness.remove(3);
      const verdict = await verifyChain(log.chain());
      expect(verdict).toMatchObject({ ok: false, entries: 2, firstBreak: { seq: 4 } });
      if (verdict.ok) return;
      expect(verdict.firstBreak.problems).toEqual([
        'seq: 4 follows 2 (entries 3..3 are missing)',
        expect.stringMatching(/^prevHash: stored/),
      ]);
    });

    it('remembers how far publication got, never moving it back', async () => {
      expect(await log.publishedThrough()).toBe(0);
      await log.markPublished(4);
      await log.markPublished(2);
      expect(await log.publishedThrough()).toBe(4);
      expect(await (await harness.another(clock)).publishedThrough()).toBe(4);
    });
  });
}

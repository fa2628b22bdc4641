import { ManualClock } from '@acs/testing';
import { AuditLog, NewAuditEntry } from './audit-log';

export interface AuditLogHarness {
  create(clock: ManualClock): Promise<AuditLog>;
  cleanup(): Promise<void>;
}

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

    const deletion = (n: number): NewAuditEntry => ({
      who: { keyId: 'k1', keyName: 'ops' },
      action: 'device.delete',
      target: `device:dev-${n}`,
      request: { params: { deviceId: `dev-${n}` } },
      status: 204,
    });

    it('appends an entry with its time and reads it back', async () => {
      const refused: NewAuditEntry = {
        who: { keyId: null, keyName: null },
        action: 'task.create',
        target: 'device:dev-1',
        request: { body: { type: 'reboot', payload: {} }, nested: { list: [1, 'two', null] } },
        status: 401,
        error: 'unauthenticated',
      };
      const entry = await log.append(refused);
      expect(entry).toEqual({ ...refused, id: expect.any(String), at: clock.iso() });
      expect(await log.list({ limit: 10 })).toEqual({ entries: [entry], total: 1 });
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
  });
}

import { ManualClock } from '@acs/testing';
import type { BackupPolicySpec, BackupPolicyStore } from './backup-policy-store';

export interface BackupPolicyStoreHarness {
  create(clock: ManualClock): Promise<BackupPolicyStore>;
  cleanup(): Promise<void>;
}

const nightly: BackupPolicySpec = {
  name: 'nightly configuration',
  target: { kind: 'tag', tag: 'business' },
  fileType: '1 Vendor Configuration File',
  intervalSeconds: 86_400,
  keep: 7,
};

/** The behaviour of every BackupPolicyStore adapter. */
export function backupPolicyStoreContract(name: string, harness: BackupPolicyStoreHarness): void {
  describe(`${name}: backup policy store contract`, () => {
    let clock: ManualClock;
    let store: BackupPolicyStore;

    beforeEach(async () => {
      clock = new ManualClock();
      store = await harness.create(clock);
    });
    afterEach(() => harness.cleanup());

    it('stores, lists, gets and deletes policies', async () => {
      const created = await store.create(nightly);
      expect(created).toEqual({ ...nightly, id: expect.any(String), createdAt: clock.now() });
      expect(await store.get(created.id)).toEqual(created);
      expect(await store.list()).toEqual([created]);
      expect(await store.delete(created.id)).toBe(true);
      expect(await store.delete(created.id)).toBe(false);
      expect(await store.get(created.id)).toBeNull();
    });

    it('records a run only from the last run the caller read', async () => {
      const { id } = await store.create(nightly);
      const first = clock.now();
      expect(await store.markRun(id, undefined, first)).toBe(true);
      expect(await store.markRun(id, undefined, first)).toBe(false);
      expect((await store.get(id))?.lastRunAt).toEqual(first);
      clock.advance(86_400_000);
      expect(await store.markRun(id, first, clock.now())).toBe(true);
      expect((await store.list())[0]?.lastRunAt).toEqual(clock.now());
    });
  });
}

import type { SubscriberRecord } from '@acs/contracts';
import type { ProvisioningStores } from '../provisioning-stores';
import { ManualClock } from '@acs/testing';
import type { ProvisioningStoresHarness } from '../test-support/stores-harness';
import { InvalidSubscriberRecordError } from './subscriber-store';

const record = (subscriberId: string, fields: Partial<SubscriberRecord>): SubscriberRecord => ({
  subscriberId,
  data: { wifi: { ssid: `${subscriberId}-wifi`, passphrase: 'correct horse' }, plan: 100 },
  ...fields,
});

/** The behaviour of every SubscriberStore adapter; run by each adapter's spec. */
export function subscriberStoreContract(name: string, harness: ProvisioningStoresHarness): void {
  describe(`${name}: subscriber store contract`, () => {
    let clock: ManualClock;
    let stores: ProvisioningStores;

    beforeEach(async () => {
      clock = new ManualClock();
      stores = await harness.create(clock);
    });
    afterEach(() => harness.cleanup());

    it('stores records by subscriber id, a new record replacing the old one whole', async () => {
      const first = record('sub-1', { deviceId: '00D09E-HG8245-SN1', profile: 'cfg-gold' });
      expect(
        await stores.subscribers.upsert([first, record('sub-2', { serialNumber: 'SN2' })]),
      ).toBe(2);
      expect(await stores.subscribers.get('sub-1')).toEqual(first);
      const moved = record('sub-1', { serialNumber: 'SN9', data: {} });
      expect(await stores.subscribers.upsert([moved])).toBe(1);
      expect(await stores.subscribers.get('sub-1')).toEqual(moved);
      expect(await stores.subscribers.findForDevice({ deviceId: '00D09E-HG8245-SN1' })).toBeNull();
      expect(await stores.subscribers.get('no-such-subscriber')).toBeNull();
      expect(await stores.subscribers.upsert([])).toBe(0);
    });

    it('loads hundreds of records in one call, and replaces them all in the next', async () => {
      const ids = Array.from({ length: 180 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
      expect(
        await stores.subscribers.upsert(
          ids.map((id) => record(id, { profile: 'p1', deviceId: `dev-${id}` })),
        ),
      ).toBe(ids.length);
      const replaced = ids.map((id) => record(id, { profile: 'p2', serialNumber: `SN-${id}` }));
      expect(await stores.subscribers.upsert(replaced)).toBe(ids.length);
      expect(await stores.subscribers.subscribersWithProfile('p1', 1_000)).toEqual([]);
      expect(await stores.subscribers.subscribersWithProfile('p2', 1_000)).toEqual(ids);
      expect(await stores.subscribers.get('bulk-179')).toEqual(replaced[179]);
    });

    it('refuses a batch with a bad record, naming it and writing none of the batch', async () => {
      const cases: [unknown[], number, string][] = [
        [[record('ok', { deviceId: 'd1' }), record('bad', {})], 1, 'deviceId'],
        [[record('ok', { deviceId: 'd1' }), { subscriberId: 'x', deviceId: 'd2' }], 1, 'data'],
        [[record('ok', { deviceId: 'd1', oui: '00D09E-TOO-LONG' })], 0, 'oui'],
        [[record('ok', { deviceId: 'd1' }), record('ok', { deviceId: 'd2' })], 1, 'subscriberId'],
      ];
      for (const [batch, index, field] of cases) {
        const refused = stores.subscribers.upsert(batch as SubscriberRecord[]);
        await expect(refused).rejects.toBeInstanceOf(InvalidSubscriberRecordError);
        await expect(refused).rejects.toMatchObject({ index, field });
        expect(await stores.subscribers.get('ok')).toBeNull();
      }
    });

    it("finds a device's record by device id first, else by serial number and OUI", async () => {
      await stores.subscribers.upsert([
        record('by-id', { deviceId: '00D09E-HG8245-SN1', serialNumber: 'SN-OTHER' }),
        record('by-serial', { serialNumber: 'SN1' }),
        record('by-serial-and-oui', { serialNumber: 'SN2', oui: '00D09E' }),
        record('names-another-device', { deviceId: '00D09E-HG8245-SN3', serialNumber: 'SN3' }),
      ]);
      const found = (deviceId: string, serialNumber?: string, oui?: string) =>
        stores.subscribers
          .findForDevice({
            deviceId,
            ...(serialNumber ? { serialNumber } : {}),
            ...(oui ? { oui } : {}),
          })
          .then((found) => found?.subscriberId ?? null);
      expect(await found('00D09E-HG8245-SN1', 'SN1', '00D09E')).toBe('by-id');
      expect(await found('00D09E-HG8245-SN1')).toBe('by-id');
      // A record without an OUI matches the serial number from any vendor.
      expect(await found('A1B2C3-X-SN1', 'SN1', 'A1B2C3')).toBe('by-serial');
      expect(await found('00D09E-HG8245-SN2', 'SN2', '00D09E')).toBe('by-serial-and-oui');
      expect(await found('A1B2C3-X-SN2', 'SN2', 'A1B2C3')).toBeNull();
      expect(await found('UNKNOWN-SN2', 'SN2')).toBeNull();
      // A record naming a device id is that device's only.
      expect(await found('A1B2C3-X-SN3', 'SN3', 'A1B2C3')).toBeNull();
      expect(await found('00D09E-HG8245-SN4', 'SN4', '00D09E')).toBeNull();
    });

    it('prefers the record written last when several name one device', async () => {
      await stores.subscribers.upsert([record('old', { serialNumber: 'SN1' })]);
      clock.advance(1000);
      await stores.subscribers.upsert([record('new', { serialNumber: 'SN1' })]);
      const find = () => stores.subscribers.findForDevice({ deviceId: 'd', serialNumber: 'SN1' });
      expect((await find())?.subscriberId).toBe('new');
      clock.advance(1000);
      await stores.subscribers.upsert([
        record('old', { serialNumber: 'SN1', data: { again: true } }),
      ]);
      expect((await find())?.subscriberId).toBe('old');
    });

    it('deletes, lists a page at a time, and finds the users of a profile', async () => {
      await stores.subscribers.upsert(
        ['s3', 's1', 's4', 's2'].map((id) =>
          record(id, { deviceId: `dev-${id}`, ...(id === 's4' ? {} : { profile: 'cfg-gold' }) }),
        ),
      );
      const page = await stores.subscribers.list({ limit: 2, skip: 1 });
      expect(page).toEqual({
        subscribers: [
          expect.objectContaining({ subscriberId: 's2' }),
          expect.objectContaining({ subscriberId: 's3' }),
        ],
        total: 4,
      });
      expect(await stores.subscribers.subscribersWithProfile('cfg-gold', 2)).toEqual(['s1', 's2']);
      expect(await stores.subscribers.subscribersWithProfile('cfg-none', 2)).toEqual([]);
      expect(await stores.subscribers.delete('s1')).toBe(true);
      expect(await stores.subscribers.delete('s1')).toBe(false);
      expect(await stores.subscribers.get('s1')).toBeNull();
      expect((await stores.subscribers.list({ limit: 10 })).total).toBe(3);
    });
  });
}

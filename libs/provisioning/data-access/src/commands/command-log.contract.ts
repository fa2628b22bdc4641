import type { ProvisioningStores } from '../provisioning-stores';
import { ManualClock } from '@acs/testing';
import type { ProvisioningStoresHarness } from '../test-support/stores-harness';

const DAY = 24 * 3_600_000;

/** The behaviour of every CommandLog adapter; run by each adapter's spec. */
export function commandLogContract(name: string, harness: ProvisioningStoresHarness): void {
  describe(`${name}: command log contract`, () => {
    let clock: ManualClock;
    let stores: ProvisioningStores;

    beforeEach(async () => {
      clock = new ManualClock();
      stores = await harness.create(clock);
    });
    afterEach(() => harness.cleanup());

    const summary = { type: 'setSubscriber', subscriberId: 'sub-1' };

    it('lets the first claim of a command id win and shows later ones the record', async () => {
      const first = await stores.commands.claim('cmd-1', summary);
      const record = {
        commandId: 'cmd-1',
        command: summary,
        status: 'claimed',
        claimedAt: clock.iso(),
      };
      expect(first).toEqual({ claimed: true, record });
      clock.advance(1000);
      expect(await stores.commands.claim('cmd-1', { type: 'something else' })).toEqual({
        claimed: false,
        record,
      });
      expect(await stores.commands.get('cmd-1')).toEqual(record);
      expect(await stores.commands.get('cmd-2')).toBeNull();
    });

    it('lets exactly one of several concurrent claims win', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) => stores.commands.claim('cmd-race', { attempt: i })),
      );
      const winners = outcomes.filter((outcome) => outcome.claimed);
      expect(winners).toHaveLength(1);
      for (const outcome of outcomes) expect(outcome.record).toEqual(winners[0]?.record);
    });

    it('records the result once and shows it to a redelivered command', async () => {
      await stores.commands.claim('cmd-1', summary);
      clock.advance(2000);
      const result = { status: 'done', upserted: 1, detail: { warnings: [] } };
      const completed = await stores.commands.complete('cmd-1', result);
      const record = {
        commandId: 'cmd-1',
        command: summary,
        status: 'completed',
        claimedAt: clock.iso(-2000),
        completedAt: clock.iso(),
        result,
      };
      expect(completed).toEqual({ outcome: 'completed', record });
      expect(await stores.commands.complete('cmd-1', { status: 'failed' })).toEqual({
        outcome: 'conflict',
        record,
      });
      expect(await stores.commands.claim('cmd-1', summary)).toEqual({ claimed: false, record });
      expect(await stores.commands.complete('cmd-unknown', result)).toEqual({
        outcome: 'not-found',
      });
    });

    it('forgets only commands claimed before the date given', async () => {
      await stores.commands.claim('old-1', summary);
      await stores.commands.claim('old-2', summary);
      await stores.commands.complete('old-2', {});
      clock.advance(8 * DAY);
      await stores.commands.claim('recent', summary);
      expect(await stores.commands.purgeOlderThan(new Date(clock.now().getTime() - 7 * DAY))).toBe(
        2,
      );
      expect(await stores.commands.get('old-1')).toBeNull();
      expect(await stores.commands.get('recent')).toMatchObject({ status: 'claimed' });
      expect(await stores.commands.purgeOlderThan(new Date(clock.now().getTime() - 7 * DAY))).toBe(
        0,
      );
    });
  });
}

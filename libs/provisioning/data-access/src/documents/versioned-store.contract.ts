import type { ConfigurationBody, PresetBody } from '@acs/contracts';
import type { ProvisioningStores } from '../provisioning-stores';
import { ManualClock } from '@acs/testing';
import type { ProvisioningStoresHarness } from '../test-support/stores-harness';

const MINUTE = 60_000;

export const wifiConfiguration = (ssid = 'home'): ConfigurationBody => ({
  name: 'wifi',
  description: 'home Wi-Fi',
  parameters: [
    { path: 'Device.WiFi.SSID.1.SSID', value: ssid },
    { path: 'Device.WiFi.Radio.1.Enable', value: true, type: 'boolean' },
    { path: 'Device.ManagementServer.PeriodicInformInterval', value: 300 },
  ],
  objects: [{ path: 'Device.NAT.PortMapping.', key: { ExternalPort: 8080 }, values: {} }],
});

export const presetOf = (
  configurationId: string,
  fields: Partial<PresetBody> = {},
): PresetBody => ({
  name: 'lab routers',
  configurationId,
  precedence: 10,
  match: { filter: { tags: 'lab' }, events: ['1 BOOT'] },
  ...fields,
});

/** The behaviour of every ConfigurationStore and PresetStore adapter; run by each adapter's spec. */
export function versionedStoreContract(name: string, harness: ProvisioningStoresHarness): void {
  describe(`${name}: configuration and preset store contract`, () => {
    let clock: ManualClock;
    let stores: ProvisioningStores;

    beforeEach(async () => {
      clock = new ManualClock();
      stores = await harness.create(clock);
    });
    afterEach(() => harness.cleanup());

    it('stores a new configuration as version 1, its values keeping their JSON types', async () => {
      const body = wifiConfiguration();
      const created = await stores.configurations.create(body);
      expect(created).toEqual({
        ...body,
        id: expect.any(String),
        version: 1,
        createdAt: clock.iso(),
        updatedAt: clock.iso(),
      });
      expect(await stores.configurations.get(created.id)).toEqual(created);
      expect(await stores.configurations.get('no-such-configuration')).toBeNull();
    });

    it('replaces the version named, keeping every version, newest first', async () => {
      const first = await stores.configurations.create(wifiConfiguration('one'));
      clock.advance(MINUTE);
      // Fields left out of the new body are gone from the new version, kept in the old one.
      const withoutDescription = wifiConfiguration('two');
      delete withoutDescription.description;
      const replaced = await stores.configurations.replace(first.id, withoutDescription, 1);
      const second = {
        ...withoutDescription,
        id: first.id,
        version: 2,
        createdAt: first.createdAt,
        updatedAt: clock.iso(),
      };
      expect(replaced).toEqual({ outcome: 'replaced', document: second });
      expect(await stores.configurations.get(first.id)).toEqual(second);
      expect(await stores.configurations.versions(first.id)).toEqual([second, first]);
      expect(await stores.configurations.getVersion(first.id, 1)).toEqual(first);
      expect(await stores.configurations.getVersion(first.id, 3)).toBeNull();
      expect(await stores.configurations.versions('no-such-configuration')).toEqual([]);
    });

    it('refuses a replacement naming any version but the current one', async () => {
      const created = await stores.configurations.create(wifiConfiguration('one'));
      const current = await stores.configurations.replace(created.id, wifiConfiguration('two'), 1);
      if (current.outcome !== 'replaced') throw new Error(`replace: ${current.outcome}`);
      for (const stale of [1, 3]) {
        expect(
          await stores.configurations.replace(created.id, wifiConfiguration('x'), stale),
        ).toEqual({
          outcome: 'conflict',
          current: current.document,
        });
      }
      expect(await stores.configurations.versions(created.id)).toHaveLength(2);
      expect(
        await stores.configurations.replace('no-such-configuration', wifiConfiguration(), 1),
      ).toEqual({
        outcome: 'not-found',
      });
    });

    it('lets exactly one of several replacements of the same version win', async () => {
      const created = await stores.presets.create(presetOf('cfg-1'));
      const outcomes = await Promise.all(
        [1, 2, 3, 4, 5].map((n) =>
          stores.presets.replace(created.id, presetOf('cfg-1', { precedence: n }), 1),
        ),
      );
      const winners = outcomes.filter((outcome) => outcome.outcome === 'replaced');
      expect(winners).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.outcome === 'conflict')).toHaveLength(4);
      expect(await stores.presets.versions(created.id)).toHaveLength(2);
      expect(await stores.presets.get(created.id)).toEqual(
        winners[0]?.outcome === 'replaced' ? winners[0].document : null,
      );
    });

    it('lists current versions in creation order, a page at a time with the total', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push((await stores.configurations.create(wifiConfiguration(`n${i}`))).id);
      await stores.configurations.replace(ids[1] ?? '', wifiConfiguration('changed'), 1);
      await stores.presets.create(presetOf(ids[0] ?? ''));
      const page = await stores.configurations.list({ limit: 2, skip: 1 });
      expect(page.total).toBe(5);
      expect(page.items.map((item) => [item.id, item.version])).toEqual([
        [ids[1], 2],
        [ids[2], 1],
      ]);
      expect(await stores.configurations.list({ limit: 10, skip: 10 })).toEqual({
        items: [],
        total: 5,
      });
      expect((await stores.presets.list({ limit: 10 })).total).toBe(1);
    });

    it('deletes a document with its history, at the version named when one is', async () => {
      const created = await stores.configurations.create(wifiConfiguration());
      await stores.configurations.replace(created.id, wifiConfiguration('two'), 1);
      expect(await stores.configurations.delete(created.id, 1)).toMatchObject({
        outcome: 'conflict',
        current: { id: created.id, version: 2 },
      });
      expect(await stores.configurations.delete(created.id, 2)).toEqual({ outcome: 'deleted' });
      expect(await stores.configurations.get(created.id)).toBeNull();
      expect(await stores.configurations.versions(created.id)).toEqual([]);
      expect(await stores.configurations.getVersion(created.id, 1)).toBeNull();
      expect(await stores.configurations.delete(created.id)).toEqual({ outcome: 'not-found' });
      const other = await stores.configurations.create(wifiConfiguration());
      expect(await stores.configurations.delete(other.id)).toEqual({ outcome: 'deleted' });
    });

    it('moves the revision on every change of either kind, and only on changes', async () => {
      const start = await stores.configurations.revision();
      expect(await stores.presets.revision()).toBe(start);
      const seen = [start];
      const moved = async () => {
        const now = await stores.presets.revision();
        expect(await stores.configurations.revision()).toBe(now);
        expect(now).toBeGreaterThan(seen[seen.length - 1] ?? Infinity);
        seen.push(now);
      };
      const configuration = await stores.configurations.create(wifiConfiguration());
      await moved();
      const preset = await stores.presets.create(presetOf(configuration.id));
      await moved();
      await stores.presets.replace(preset.id, presetOf(configuration.id, { enabled: false }), 1);
      await moved();
      // Refused changes and reads leave it where it is.
      await stores.presets.replace(preset.id, presetOf(configuration.id), 1);
      await stores.configurations.delete(configuration.id, 7);
      await stores.presets.delete('no-such-preset');
      await stores.presets.list({ limit: 10 });
      expect(await stores.configurations.revision()).toBe(seen[seen.length - 1]);
      await stores.presets.delete(preset.id);
      await moved();
      await stores.configurations.delete(configuration.id);
      await moved();
    });

    it('lists enabled presets for provisioning: current versions, highest precedence first', async () => {
      const a = await stores.presets.create(presetOf('cfg-a', { name: 'a', precedence: 5 }));
      const b = await stores.presets.create(
        presetOf('cfg-b', { name: 'b', precedence: 50, enabled: true }),
      );
      const c = await stores.presets.create(presetOf('cfg-a', { name: 'c', precedence: 5 }));
      const off = await stores.presets.create(
        presetOf('cfg-b', { name: 'off', precedence: 99, enabled: false }),
      );
      const enabled = await stores.presets.listEnabledPresets();
      expect(enabled.map((preset) => preset.name)).toEqual(['b', 'a', 'c']);
      expect(enabled[0]).toEqual(b);
      // Disabling and enabling take effect through new versions.
      await stores.presets.replace(
        b.id,
        presetOf('cfg-b', { name: 'b', precedence: 50, enabled: false }),
        1,
      );
      await stores.presets.replace(off.id, presetOf('cfg-b', { name: 'on', precedence: 99 }), 1);
      const after = await stores.presets.listEnabledPresets();
      expect(after.map((preset) => [preset.name, preset.version])).toEqual([
        ['on', 2],
        ['a', 1],
        ['c', 1],
      ]);
      expect(await stores.presets.presetsUsing('cfg-a')).toEqual([a.id, c.id]);
      expect(await stores.presets.presetsUsing('cfg-b')).toEqual([b.id, off.id]);
      expect(await stores.presets.presetsUsing('cfg-none')).toEqual([]);
    });
  });
}

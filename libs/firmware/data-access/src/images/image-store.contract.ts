import type { ImageMetadata } from '@acs/firmware-domain';
import { ManualClock } from '@acs/testing';
import type { FirmwareStores } from '../firmware-stores';
import { ImageContentExistsError, InvalidImageMetadataError } from './image-store';

/** How a contract suite gets stores over empty storage, reading time from `clock`. */
export interface FirmwareStoresHarness {
  create(clock: ManualClock): Promise<FirmwareStores>;
  /** Releases what create() opened (called after each test). */
  cleanup(): Promise<void>;
}

export const hg8245Image = (version: string): ImageMetadata => ({
  version,
  fileType: '1 Firmware Upgrade Image',
  releaseNotes: `Release ${version}: fixes the 2.4 GHz channel scan.`,
  rules: {
    ouis: ['00259E'],
    productClasses: ['HG8245*'],
    hardwareVersions: ['10C7.*'],
    appliesOver: '>=2.0',
    allowDowngrade: false,
  },
});

/** The behaviour of every ImageStore adapter; run by each adapter's spec. */
export function imageStoreContract(name: string, harness: FirmwareStoresHarness): void {
  describe(`${name}: image store contract`, () => {
    let clock: ManualClock;
    let stores: FirmwareStores;

    beforeEach(async () => {
      clock = new ManualClock();
      stores = await harness.create(clock);
    });
    afterEach(() => harness.cleanup());

    it('creates an image without content, and gets it back as created', async () => {
      const created = await stores.images.create(hg8245Image('2.1'));
      expect(created).toEqual({
        id: expect.any(String),
        ...hg8245Image('2.1'),
        createdAt: clock.now(),
      });
      expect(await stores.images.get(created.id)).toEqual(created);
      expect(await stores.images.get('no-such-image')).toBeNull();
      const minimal = await stores.images.create({
        version: '1.0',
        fileType: 'X 00259E ONT Config',
        rules: { ouis: ['00259E'] },
      });
      expect(await stores.images.get(minimal.id)).toEqual(minimal);
      expect(minimal).not.toHaveProperty('releaseNotes');
    });

    it('refuses invalid metadata, naming every bad field, and stores nothing', async () => {
      const refused = stores.images.create({
        ...hg8245Image(''),
        fileType: 'firmware',
        rules: { ouis: ['zz'] },
      });
      await expect(refused).rejects.toBeInstanceOf(InvalidImageMetadataError);
      await expect(refused).rejects.toMatchObject({
        problems: [
          expect.objectContaining({ field: 'version' }),
          expect.objectContaining({ field: 'fileType' }),
          expect.objectContaining({ field: 'rules.ouis[0]' }),
        ],
      });
      expect((await stores.images.list({ limit: 10 })).total).toBe(0);
    });

    it('records the content once', async () => {
      const image = await stores.images.create(hg8245Image('2.1'));
      const content = {
        fileId: `${image.id}.upload-1`,
        size: 1234,
        sha256: 'ab'.repeat(32),
        storedAt: new Date(clock.now().getTime() + 5),
      };
      expect(await stores.images.recordContent(image.id, content)).toEqual({ ...image, content });
      expect(await stores.images.get(image.id)).toEqual({ ...image, content });
      await expect(
        stores.images.recordContent(image.id, { ...content, size: 1 }),
      ).rejects.toBeInstanceOf(ImageContentExistsError);
      expect((await stores.images.get(image.id))?.content).toEqual(content);
      expect(await stores.images.recordContent('no-such-image', content)).toBeNull();
    });

    it('lists newest first a page at a time, and deletes once', async () => {
      const ids: string[] = [];
      for (const version of ['1.0', '2.0', '3.0']) {
        ids.push((await stores.images.create(hg8245Image(version))).id);
        clock.advance(1000);
      }
      const page = await stores.images.list({ limit: 2, skip: 1 });
      expect(page.total).toBe(3);
      expect(page.images.map((image) => image.version)).toEqual(['2.0', '1.0']);
      expect(await stores.images.delete(ids[1] ?? '')).toBe(true);
      expect(await stores.images.delete(ids[1] ?? '')).toBe(false);
      expect((await stores.images.list({ limit: 10 })).images.map((i) => i.version)).toEqual([
        '3.0',
        '1.0',
      ]);
    });
  });
}

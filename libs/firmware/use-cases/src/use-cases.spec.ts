import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  FIRMWARE_FILES_DIRECTORY,
  openEmbeddedFirmwareStores,
  type FirmwareStores,
} from '@acs/firmware-data-access';
import type { ImageMetadata } from '@acs/firmware-domain';
import { CreateImage, DeleteImage, GetImage } from './catalogue';
import { UploadImageContent } from './upload-image-content';

const metadata: ImageMetadata = {
  version: '2.1',
  fileType: '1 Firmware Upgrade Image',
  rules: { ouis: ['00259E'] },
};

/** A body that sends `sent` and then fails, as a request whose client went away. */
function cutOff(sent: Buffer): Readable {
  let pushed = false;
  return new Readable({
    read() {
      if (pushed) return;
      pushed = true;
      this.push(sent);
      setImmediate(() => this.destroy(new Error('aborted')));
    },
  });
}

describe('firmware catalogue use cases (embedded stores)', () => {
  let dataDir: string;
  let stores: FirmwareStores;
  let upload: UploadImageContent;
  const body = randomBytes(50_000);
  const filesOnDisk = () => readdirSync(join(dataDir, FIRMWARE_FILES_DIRECTORY, 'content'));

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'firmware-use-cases-'));
    stores = openEmbeddedFirmwareStores(dataDir);
    upload = new UploadImageContent({ ...stores, maxBytes: 60_000 });
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uploads once, recording the size and SHA-256 the file store computed', async () => {
    const image = await new CreateImage(stores).execute(metadata);
    const uploaded = await upload.execute({
      imageId: image.id,
      content: Readable.from([body]),
      declaredSize: body.length,
    });
    expect(uploaded.content).toMatchObject({
      size: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    });
    const stored = await buffer(stores.files.read(uploaded.content?.fileId ?? ''));
    expect(stored.equals(body)).toBe(true);
    await expect(
      upload.execute({ imageId: image.id, content: Readable.from([body]) }),
    ).rejects.toMatchObject({ code: 'image-content-exists' });
    expect(filesOnDisk()).toHaveLength(1);
  });

  it('stores nothing of a cut-off, mis-declared or oversized upload, and takes the next', async () => {
    const image = await new CreateImage(stores).execute(metadata);
    const refusals: [Readable, number | undefined, string][] = [
      [cutOff(body.subarray(0, 20_000)), body.length, 'content-incomplete'],
      [Readable.from([body]), body.length + 1, 'content-incomplete'],
      [Readable.from([body]), body.length - 1, 'content-incomplete'],
      [Readable.from([body, body]), undefined, 'content-too-large'],
      [Readable.from([body]), 70_000, 'content-too-large'],
    ];
    for (const [content, declaredSize, code] of refusals) {
      await expect(
        upload.execute({ imageId: image.id, content, ...(declaredSize ? { declaredSize } : {}) }),
      ).rejects.toMatchObject({ code });
      expect((await new GetImage(stores).execute(image.id)).content).toBeUndefined();
      expect(filesOnDisk()).toEqual([]);
    }
    await upload.execute({ imageId: image.id, content: Readable.from([body]) });
    expect(filesOnDisk()).toHaveLength(1);
  });

  it('refuses invalid metadata naming each field, and unknown images', async () => {
    await expect(
      new CreateImage(stores).execute({ ...metadata, version: '', rules: { ouis: ['x'] } }),
    ).rejects.toMatchObject({
      code: 'invalid-image-metadata',
      problems: [
        expect.objectContaining({ field: 'version' }),
        expect.objectContaining({ field: 'rules.ouis[0]' }),
      ],
    });
    await expect(
      upload.execute({ imageId: 'nope', content: Readable.from([body]) }),
    ).rejects.toMatchObject({ code: 'image-not-found' });
    await expect(new DeleteImage(stores).execute('nope')).rejects.toMatchObject({
      code: 'image-not-found',
    });
  });

  it('deletes the image and then its bytes', async () => {
    const image = await new CreateImage(stores).execute(metadata);
    await upload.execute({ imageId: image.id, content: Readable.from([body]) });
    await new DeleteImage(stores).execute(image.id);
    expect(filesOnDisk()).toEqual([]);
    await expect(new GetImage(stores).execute(image.id)).rejects.toMatchObject({
      code: 'image-not-found',
    });
  });
});

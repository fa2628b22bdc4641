import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { buffer } from 'node:stream/consumers';
import { openMongoFirmwareStores, type FirmwareStores } from '@acs/firmware-data-access';
import { useMongoServer, type ScratchDatabase } from '@acs/testing';
import { startTestNbi, type TestNbi } from '../test-support/nbi-test-app';

interface Image {
  id: string;
  content?: { size: number; sha256: string };
}

// The upload route on the scaled topology's stores: GridFS and the Mongo catalogue on FerretDB.
describe('firmware images API on MongoDB (GridFS)', () => {
  const mongo = useMongoServer();
  let scratch: ScratchDatabase;
  let stores: FirmwareStores;
  let nbi: TestNbi;

  beforeAll(async () => {
    scratch = await mongo.scratchDatabase('nbi-firmware');
    stores = await openMongoFirmwareStores(scratch.connection);
    nbi = await startTestNbi({ firmware: { maxImageBytes: 4 * 1024 * 1024, stores } });
  }, 60_000);
  afterAll(async () => {
    await nbi.close();
    await scratch.drop();
  });

  const createImage = async () =>
    (
      await nbi.request('POST', '/api/v1/firmware/images', {
        key: nbi.keys.operator,
        body: { version: '2.0', fileType: '1 Firmware Upgrade Image', rules: { ouis: ['00D09E'] } },
      })
    ).body as Image;

  /** Sends `sent` of a body declared `length` long, then destroys the connection. */
  const cutOffUpload = (imageId: string, length: number, sent: Buffer) =>
    new Promise<void>((resolve) => {
      const url = new URL(`${nbi.app.url}/api/v1/firmware/images/${imageId}/content`);
      const upload = request(url, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${nbi.keys.operator}`,
          'content-type': 'application/octet-stream',
          'content-length': String(length),
        },
      });
      upload.on('error', () => resolve());
      upload.write(sent, () => setTimeout(() => upload.destroy(), 100));
    });

  it('streams an upload into GridFS, and stores nothing of one cut off mid-body', async () => {
    const bytes = randomBytes(1024 * 1024 + 17);
    const cut = await createImage();
    await cutOffUpload(cut.id, bytes.length, bytes.subarray(0, 600_000));
    const chunks = scratch.connection.db?.collection('firmware.chunks');
    // The cut-off upload's chunks are deleted once the server sees the connection gone.
    for (let i = 0; i < 50 && ((await chunks?.countDocuments({})) ?? 0) > 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await chunks?.countDocuments({})).toBe(0);
    expect(await scratch.connection.db?.collection('firmware.files').countDocuments({})).toBe(0);

    const response = await fetch(`${nbi.app.url}/api/v1/firmware/images/${cut.id}/content`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${nbi.keys.operator}`,
        'content-type': 'application/octet-stream',
      },
      body: bytes,
    });
    expect(response.status).toBe(200);
    const image = (await response.json()) as Image;
    expect(image.content).toEqual({
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      storedAt: expect.any(String),
    });
    const stored = await stores.images.get(cut.id);
    const read = await buffer(stores.files.read(stored?.content?.fileId ?? ''));
    expect(read.equals(bytes)).toBe(true);
  }, 60_000);
});

import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { startTestNbi, type TestNbi } from '../test-support/nbi-test-app';

const MAX_IMAGE_BYTES = 256 * 1024;

const metadata = (version: string, ouis = ['00D09E']) => ({
  version,
  fileType: '1 Firmware Upgrade Image',
  releaseNotes: `Release ${version}`,
  rules: { ouis, productClasses: ['HG82*'], appliesOver: '>=1.0' },
});

interface Image {
  id: string;
  version: string;
  content?: { size: number; sha256: string; storedAt: string };
}

/**
 * Sends a raw request over a socket: `head` as given, then `sent` bytes of the body, then either
 * closes its side (`end`) or destroys the socket, as a client that went away mid-upload.
 */
function sendPartialUpload(url: string, head: string, sent: Buffer, how: 'end' | 'destroy') {
  const { hostname, port } = new URL(url);
  return new Promise<void>((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(head);
      socket.write(sent, () =>
        setTimeout(() => {
          if (how === 'end') socket.end();
          else socket.destroy();
          resolve();
        }, 50),
      );
    });
    socket.on('error', reject);
  });
}

describe('firmware images API', () => {
  let nbi: TestNbi;
  beforeAll(async () => {
    nbi = await startTestNbi({ firmware: { maxImageBytes: MAX_IMAGE_BYTES } });
    await nbi.seed(
      { deviceId: '00D09E-HG8245-FW1', softwareVersion: '1.0.0' },
      { deviceId: '00D09E-HG8245-FW2', softwareVersion: '2.0' },
    );
  }, 30_000);
  afterAll(() => nbi.close());

  const create = async (body: unknown, key = nbi.keys.operator) =>
    nbi.request('POST', '/api/v1/firmware/images', { key, body });
  const upload = (imageId: string, bytes: Buffer, key = nbi.keys.operator) =>
    fetch(`${nbi.app.url}/api/v1/firmware/images/${imageId}/content`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
  const get = (imageId: string) =>
    nbi.request('GET', `/api/v1/firmware/images/${imageId}`, { key: nbi.keys['read-only'] });

  it('creates an image, takes its bytes once, and gives back their size and SHA-256', async () => {
    const created = await create(metadata('2.0.1'));
    expect(created).toMatchObject({ status: 201, body: { ...metadata('2.0.1') } });
    const image = created.body as Image;
    expect(image.content).toBeUndefined();
    const bytes = randomBytes(100_000);
    const uploaded = await upload(image.id, bytes);
    expect(uploaded.status).toBe(200);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(((await uploaded.json()) as Image).content).toMatchObject({
      size: bytes.length,
      sha256,
    });
    expect(await get(image.id)).toMatchObject({
      status: 200,
      body: { id: image.id, content: { size: bytes.length, sha256 } },
    });
    const again = await upload(image.id, bytes);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'image-content-exists' });
    const listed = await nbi.request('GET', '/api/v1/firmware/images?limit=10', {
      key: nbi.keys['read-only'],
    });
    expect(listed).toMatchObject({ status: 200, body: { total: 1, images: [{ id: image.id }] } });
  });

  it('stores nothing of an upload cut off mid-body, or shorter than its Content-Length', async () => {
    const image = (await create(metadata('2.0.2'))).body as Image;
    const bytes = randomBytes(200_000);
    const head = (length: number) =>
      `PUT /api/v1/firmware/images/${image.id}/content HTTP/1.1\r\nHost: x\r\n` +
      `Authorization: Bearer ${nbi.keys.operator}\r\nContent-Type: application/octet-stream\r\n` +
      `Content-Length: ${length}\r\n\r\n`;
    await sendPartialUpload(nbi.app.url, head(bytes.length), bytes.subarray(0, 70_000), 'destroy');
    await sendPartialUpload(nbi.app.url, head(bytes.length + 10), bytes, 'end');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await get(image.id)).body).not.toHaveProperty('content');
    const whole = await upload(image.id, bytes);
    expect(whole.status).toBe(200);
    expect(((await whole.json()) as Image).content?.size).toBe(bytes.length);
  });

  it('refuses an image larger than allowed, declared or streamed, with 413', async () => {
    const image = (await create(metadata('2.0.3'))).body as Image;
    expect((await upload(image.id, randomBytes(MAX_IMAGE_BYTES + 1))).status).toBe(413);
    const chunked = await fetch(`${nbi.app.url}/api/v1/firmware/images/${image.id}/content`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${nbi.keys.operator}`,
        'content-type': 'application/octet-stream',
      },
      body: new Blob([randomBytes(MAX_IMAGE_BYTES), randomBytes(10)]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(await chunked.json()).toMatchObject({ error: 'content-too-large' });
    expect((await get(image.id)).body).not.toHaveProperty('content');
  });

  it('answers bad metadata and bad uploads with a 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ ...metadata('1.0'), version: '' }, 'version'],
      [{ ...metadata('1.0'), fileType: 'firmware' }, 'fileType'],
      [{ ...metadata('1.0'), rules: { ouis: [] } }, 'rules.ouis'],
      [
        { ...metadata('1.0'), rules: { ouis: ['00D09E'], appliesOver: '>= two' } },
        'rules.appliesOver',
      ],
      [{ version: '1.0' }, 'fileType'],
    ];
    for (const [body, field] of cases) {
      expect(await create(body)).toMatchObject({
        status: 400,
        body: { error: 'validation-failed', field },
      });
    }
    expect(
      await nbi.request('POST', '/api/v1/firmware/images', { key: nbi.keys.operator }),
    ).toMatchObject({ status: 400, body: { field: 'body' } });
    const image = (await create(metadata('2.0.4'))).body as Image;
    const asJson = await fetch(`${nbi.app.url}/api/v1/firmware/images/${image.id}/content`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${nbi.keys.operator}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(asJson.status).toBe(400);
    expect((await upload('no-such-image', Buffer.from('x'))).status).toBe(404);
  });

  it('lets a read-only key read but not create, upload or delete', async () => {
    expect((await create(metadata('3.0'), nbi.keys['read-only'])).status).toBe(403);
    const image = (await create(metadata('3.0.1'))).body as Image;
    expect((await upload(image.id, Buffer.from('x'), nbi.keys['read-only'])).status).toBe(403);
    expect(
      (
        await nbi.request('DELETE', `/api/v1/firmware/images/${image.id}`, {
          key: nbi.keys['read-only'],
        })
      ).status,
    ).toBe(403);
    expect((await get(image.id)).body).not.toHaveProperty('content');
  });

  it('deletes an image with its bytes, once', async () => {
    const image = (await create(metadata('4.0'))).body as Image;
    await upload(image.id, randomBytes(1000));
    const remove = () =>
      nbi.request('DELETE', `/api/v1/firmware/images/${image.id}`, { key: nbi.keys.operator });
    expect((await remove()).status).toBe(204);
    expect((await get(image.id)).status).toBe(404);
    expect(await remove()).toMatchObject({ status: 404, body: { error: 'image-not-found' } });
  });

  it('says which image a device should run, and which images match no device', async () => {
    const choice = (deviceId: string, query = '') =>
      nbi.request('GET', `/api/v1/devices/${deviceId}/firmware${query}`, {
        key: nbi.keys['read-only'],
      });
    // Of the images above, 2.0.1 and 2.0.2 have their bytes: 2.0.2 is the newest.
    expect(await choice('00D09E-HG8245-FW1')).toMatchObject({
      status: 200,
      body: {
        device: { oui: '00D09E', productClass: 'HG8245', softwareVersion: '1.0.0' },
        outcome: 'install',
        image: { version: '2.0.2' },
      },
    });
    expect(await choice('00D09E-HG8245-FW1', '?targetVersion=2.0.1')).toMatchObject({
      body: { outcome: 'install', image: { version: '2.0.1' } },
    });
    expect(await choice('00D09E-HG8245-FW2', '?targetVersion=2.0.1')).toMatchObject({
      body: { outcome: 'install', image: { version: '2.0.1' } },
    });
    expect(await choice('00D09E-HG8245-FW1', '?targetVersion=9.9')).toMatchObject({
      body: { outcome: 'none', reason: 'target-not-in-library' },
    });
    expect(await choice('00D09E-HG8245-NONE')).toMatchObject({
      status: 404,
      body: { error: 'device-not-found' },
    });
    const elsewhere = (await create(metadata('1.0', ['A0B1C2']))).body as Image;
    const report = await nbi.request('GET', '/api/v1/firmware/reports/images-matching-no-device', {
      key: nbi.keys['read-only'],
    });
    expect(report).toMatchObject({
      status: 200,
      body: { models: [{ oui: '00D09E', productClass: 'HG8245' }] },
    });
    expect((report.body as { images: Image[] }).images.map((image) => image.id)).toEqual([
      elsewhere.id,
    ]);
  });
});

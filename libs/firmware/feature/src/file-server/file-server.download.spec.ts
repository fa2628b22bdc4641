import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { waitFor } from '@acs/testing';
import { signedDownloadPath, type DownloadGrant } from '@acs/firmware-domain';
import {
  fetchRaw,
  metricValue,
  SECRETS,
  startTestFileServer,
  type TestFileServer,
} from './file-server-harness';

const FIXTURES = join(import.meta.dirname, '../../../../../apps/cwmp-gateway/src/e2e/fixtures');
const content = randomBytes(100_000);
const etag = `"${createHash('sha256').update(content).digest('hex')}"`;

describe('file server: downloads', () => {
  let served: TestFileServer;
  let path: string;
  let lastModified: string;
  const get = (headers: Record<string, string> = {}, method = 'GET') =>
    fetchRaw(served.server.origin, path, { method, headers });

  beforeAll(async () => {
    served = await startTestFileServer();
    const stored = await served.files.put('fw.bin', Readable.from([content]));
    lastModified = new Date(Math.floor(stored.storedAt.getTime() / 1000) * 1000).toUTCString();
    path = served.signedPath('fw.bin');
  });
  afterAll(() => served.stop());

  it('answers GET with the file, its length, a strong ETag from the SHA-256 and its date', async () => {
    const answer = await get();
    expect(answer.status).toBe(200);
    expect(answer.body.equals(content)).toBe(true);
    expect(answer.headers).toMatchObject({
      'content-length': String(content.length),
      'content-type': 'application/octet-stream',
      etag,
      'last-modified': lastModified,
      'accept-ranges': 'bytes',
    });
  });

  it('answers HEAD with the same headers and no body, ignoring a Range', async () => {
    const answer = await get({ Range: 'bytes=0-9' }, 'HEAD');
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({ 'content-length': String(content.length), etag });
    expect(answer.body.length).toBe(0);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=99990-', 99_990, 99_999],
    ['bytes=-10', 99_990, 99_999],
    ['bytes=50000-999999', 50_000, 99_999],
  ])('answers Range %s with 206 and that slice', async (range, start, end) => {
    const answer = await get({ Range: range });
    expect(answer.status).toBe(206);
    expect(answer.headers['content-range']).toBe(`bytes ${start}-${end}/${content.length}`);
    expect(answer.headers['content-length']).toBe(String(end - start + 1));
    expect(answer.body.equals(content.subarray(start, end + 1))).toBe(true);
  });

  it('answers a range past the end with 416 and the size', async () => {
    const answer = await get({ Range: 'bytes=100000-' });
    expect(answer.status).toBe(416);
    expect(answer.headers['content-range']).toBe(`bytes */${content.length}`);
    expect(answer.body.length).toBe(0);
  });

  it('answers several ranges with the whole file (RFC 9110 allows it; no multipart)', async () => {
    const answer = await get({ Range: 'bytes=0-1,10-11' });
    expect(answer.status).toBe(200);
    expect(answer.body.equals(content)).toBe(true);
  });

  it('serves the range only while If-Range still names this file', async () => {
    expect((await get({ Range: 'bytes=0-9', 'If-Range': etag })).status).toBe(206);
    expect((await get({ Range: 'bytes=0-9', 'If-Range': lastModified })).status).toBe(206);
    const stale = await get({ Range: 'bytes=0-9', 'If-Range': '"0000"' });
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(content.length);
    expect((await get({ Range: 'bytes=0-9', 'If-Range': `W/${etag}` })).status).toBe(200);
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await get({ Range: 'bytes=0-9', 'If-Range': earlier })).status).toBe(200);
  });

  it('answers 304 to If-None-Match naming the current tag, else the file', async () => {
    for (const tag of [etag, `"x", ${etag}`, `W/${etag}`, '*']) {
      const answer = await get({ 'If-None-Match': tag });
      expect(answer.status).toBe(304);
      expect(answer.headers.etag).toBe(etag);
      expect(answer.body.length).toBe(0);
    }
    expect((await get({ 'If-None-Match': '"other"' })).status).toBe(200);
    // If-None-Match decides when present: a matching date does not turn a changed tag into 304.
    expect(
      (await get({ 'If-None-Match': '"other"', 'If-Modified-Since': lastModified })).status,
    ).toBe(200);
  });

  it('answers 304 to If-Modified-Since at or after Last-Modified, else the file', async () => {
    const answer = await get({ 'If-Modified-Since': lastModified });
    expect(answer.status).toBe(304);
    expect(answer.headers['last-modified']).toBe(lastModified);
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await get({ 'If-Modified-Since': earlier })).status).toBe(200);
    expect((await get({ 'If-Modified-Since': 'not a date' })).status).toBe(200);
  });

  it('serves an empty file with Content-Length 0', async () => {
    await served.files.put('empty.bin', Readable.from([]));
    const answer = await fetchRaw(served.server.origin, served.signedPath('empty.bin'));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-length']).toBe('0');
    expect(answer.headers.etag).toBe(`"${createHash('sha256').digest('hex')}"`);
  });

  it('answers 404 for a signed path to a file that is not there, 405 to other methods', async () => {
    expect((await fetchRaw(served.server.origin, served.signedPath('gone.bin'))).status).toBe(404);
    const put = await fetchRaw(served.server.origin, path, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD');
  });

  it('counts requests by method and status class, and the bytes sent', async () => {
    const before = await metricValue(served.registry, 'acs_fileserver_sent_bytes_total');
    const ok = { method: 'GET', status_class: '2xx' };
    const okBefore = await metricValue(served.registry, 'acs_fileserver_requests_total', ok);
    await get({ Range: 'bytes=0-999' });
    expect(await metricValue(served.registry, 'acs_fileserver_sent_bytes_total')).toBe(
      before + 1000,
    );
    // Counted when the server closes the response, which may come just after the client's end.
    await waitFor(
      async () =>
        (await metricValue(served.registry, 'acs_fileserver_requests_total', ok)) === okBefore + 1,
      'the GET counted as 2xx',
    );
    await waitFor(
      async () => (await metricValue(served.registry, 'acs_fileserver_downloads_in_flight')) === 0,
      'no download in flight',
    );
  });
});

describe('file server: access', () => {
  const NOW = new Date('2026-06-01T00:00:00Z');
  const nowSeconds = NOW.getTime() / 1000;
  let served: TestFileServer;
  const grant: DownloadGrant = { fileId: 'fw.bin', deviceId: 'DEV-1', expiresAt: nowSeconds + 60 };
  const denied = (reason: string) =>
    metricValue(served.registry, 'acs_fileserver_denied_total', { reason });
  const status = async (path: string) => (await fetchRaw(served.server.origin, path)).status;

  beforeAll(async () => {
    served = await startTestFileServer({ now: () => NOW });
    await served.files.put('fw.bin', Readable.from([content]));
  });
  afterAll(() => served.stop());

  it('answers 401 to a request without a grant, and counts it', async () => {
    expect(await status('/files/fw.bin')).toBe(401);
    expect(await denied('missing')).toBe(1);
  });

  it('answers 403 to a tampered, expired, foreign or half grant, and counts each', async () => {
    const signed = signedDownloadPath(grant, SECRETS);
    expect(await status(signed)).toBe(200);
    expect(await status(signed.replace('d=DEV-1', 'd=DEV-2'))).toBe(403);
    expect(await status(signed.replace('/files/fw.bin', '/files/empty.bin'))).toBe(403);
    expect(
      await status(
        signedDownloadPath({ ...grant, deviceId: 'DEV-2' }, { current: 'another-secret-abcdefgh' }),
      ),
    ).toBe(403);
    expect(await denied('bad-signature')).toBe(3);
    expect(await status(signedDownloadPath({ ...grant, expiresAt: nowSeconds - 1 }, SECRETS))).toBe(
      403,
    );
    expect(await denied('expired')).toBe(1);
    expect(await status('/files/fw.bin?d=DEV-1&e=soon&s=x')).toBe(403);
    expect(await denied('malformed')).toBe(1);
  });

  it('answers 400 to path tricks before looking at grants, and counts them', async () => {
    const query = signedDownloadPath(grant, SECRETS).split('?')[1];
    for (const path of [
      '/files/../meta/fw.bin.json',
      '/files/..%2Fmeta',
      '/files/fw.bin%00',
      '/files/a%5cb',
      '/files/a\\b',
      '/files/%252e%252e',
    ])
      expect(await status(`${path}?${query}`)).toBe(400);
    expect(await denied('path')).toBe(6);
  });

  it('lists nothing: anything but a file path is 404', async () => {
    for (const path of ['/', '/files', '/files/', '/files/fw.bin/x', '/meta/fw.bin.json'])
      expect(await status(path)).toBe(404);
  });
});

describe('file server: HTTPS', () => {
  const cert = readFileSync(join(FIXTURES, 'test-acs.cert.pem'));
  const key = readFileSync(join(FIXTURES, 'test-acs.key.pem'));
  let served: TestFileServer;
  beforeAll(async () => {
    served = await startTestFileServer({ tls: { cert, key } });
    await served.files.put('fw.bin', Readable.from([content]));
  });
  afterAll(() => served.stop());

  it('serves a signed download and a range over TLS', async () => {
    expect(served.server.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const whole = await fetchRaw(served.server.origin, served.signedPath('fw.bin'), { ca: cert });
    expect(whole.status).toBe(200);
    expect(whole.body.equals(content)).toBe(true);
    const range = await fetchRaw(served.server.origin, served.signedPath('fw.bin'), {
      ca: cert,
      headers: { Range: 'bytes=-5' },
    });
    expect(range.status).toBe(206);
    expect(range.body.equals(content.subarray(-5))).toBe(true);
  });
});

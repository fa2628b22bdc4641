import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { EmbeddedUploadRecords } from '@acs/firmware-data-access';
import { uploadCredentials, type UploadGrant } from '@acs/firmware-domain';
import { waitFor } from '@acs/testing';
import {
  fetchRaw,
  metricValue,
  SECRETS,
  startTestFileServer,
  type TestFileServer,
} from './file-server-harness';

const NOW = new Date('2026-06-01T00:00:00Z');
const MAX_BYTES = 64 * 1024;

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

describe('file server: uploads', () => {
  let served: TestFileServer;
  let records: EmbeddedUploadRecords;
  let recordsDir: string;
  let nextId = 0;

  const grantFor = (overrides: Partial<UploadGrant> = {}): UploadGrant => ({
    uploadId: `up${++nextId}`,
    deviceId: 'DEV-1',
    fileType: '1 Vendor Configuration File',
    expiresAt: NOW.getTime() / 1000 + 300,
    ...overrides,
  });
  const send = (
    grant: UploadGrant,
    body: Buffer | string,
    options: { method?: string; password?: string; headers?: Record<string, string> } = {},
  ) => {
    const issued = uploadCredentials(grant, SECRETS);
    return fetchRaw(served.server.origin, issued.path, {
      method: options.method ?? 'PUT',
      body,
      headers: {
        Authorization: basic(issued.username, options.password ?? issued.password),
        ...options.headers,
      },
    });
  };
  const uploadsCounted = (outcome: string) =>
    metricValue(served.registry, 'acs_fileserver_uploads_total', { outcome });

  beforeAll(async () => {
    recordsDir = mkdtempSync(join(tmpdir(), 'upload-records-'));
    records = new EmbeddedUploadRecords(recordsDir);
    served = await startTestFileServer({
      now: () => NOW,
      uploads: { records, maxBytes: MAX_BYTES },
    });
  });
  afterAll(async () => {
    await served.stop();
    await records.close();
    rmSync(recordsDir, { recursive: true, force: true });
  });

  it('stores a PUT and a POST per device with time, type, size and digest', async () => {
    const config = randomBytes(10_000);
    const configGrant = grantFor();
    expect((await send(configGrant, config)).status).toBe(201);
    const logGrant = grantFor({ fileType: '2 Vendor Log File' });
    expect((await send(logGrant, 'log line\n', { method: 'POST' })).status).toBe(201);

    const listed = await records.listForDevice('DEV-1');
    expect(listed).toEqual(
      expect.arrayContaining([
        {
          uploadId: configGrant.uploadId,
          deviceId: 'DEV-1',
          fileType: '1 Vendor Configuration File',
          fileId: `upload-${configGrant.uploadId}`,
          size: config.length,
          sha256: createHash('sha256').update(config).digest('hex'),
          receivedAt: expect.any(Date),
        },
        expect.objectContaining({
          uploadId: logGrant.uploadId,
          fileType: '2 Vendor Log File',
          size: 9,
        }),
      ]),
    );
    expect(await text(served.files.read(`upload-${logGrant.uploadId}`))).toBe('log line\n');
    expect(await uploadsCounted('stored')).toBe(2);
  });

  it('challenges an upload without credentials and refuses wrong, foreign or expired ones', async () => {
    const grant = grantFor();
    const issued = uploadCredentials(grant, SECRETS);
    const anonymous = await fetchRaw(served.server.origin, issued.path, {
      method: 'PUT',
      body: 'x',
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect((await send(grant, 'x', { password: 'guess' })).status).toBe(403);
    const other = uploadCredentials(grantFor(), SECRETS);
    expect(
      (
        await send(grant, 'x', {
          headers: { Authorization: basic(other.username, other.password) },
        })
      ).status,
    ).toBe(403);
    expect((await send(grantFor({ expiresAt: NOW.getTime() / 1000 - 1 }), 'x')).status).toBe(403);
    const tampered = issued.path.replace('d=DEV-1', 'd=DEV-2');
    const moved = await fetchRaw(served.server.origin, tampered, {
      method: 'PUT',
      body: 'x',
      headers: { Authorization: basic(issued.username, issued.password) },
    });
    expect(moved.status).toBe(403);
    expect(await records.listForDevice('DEV-2')).toEqual([]);
    expect(await served.files.stat(`upload-${grant.uploadId}`)).toBeUndefined();
    expect(
      await metricValue(served.registry, 'acs_fileserver_denied_total', {
        reason: 'bad-signature',
      }),
    ).toBe(3);
  });

  it('refuses a second upload under one id and keeps the first', async () => {
    const grant = grantFor();
    expect((await send(grant, 'first')).status).toBe(201);
    expect((await send(grant, 'second')).status).toBe(409);
    expect(await text(served.files.read(`upload-${grant.uploadId}`))).toBe('first');
  });

  it('refuses an upload over the size limit, declared or streamed, and stores nothing', async () => {
    const declared = grantFor();
    expect((await send(declared, randomBytes(MAX_BYTES + 1))).status).toBe(413);
    const chunked = grantFor();
    const answer = await send(chunked, randomBytes(MAX_BYTES + 1), {
      headers: { 'Transfer-Encoding': 'chunked' },
    });
    expect(answer.status).toBe(413);
    for (const grant of [declared, chunked])
      expect(await served.files.stat(`upload-${grant.uploadId}`)).toBeUndefined();
  });

  it('stores nothing of an upload cut off midway', async () => {
    const grant = grantFor({ deviceId: 'DEV-CUT' });
    const issued = uploadCredentials(grant, SECRETS);
    const incompleteBefore = await uploadsCounted('incomplete');
    const cut = request(`${served.server.origin}${issued.path}`, {
      method: 'PUT',
      headers: {
        Authorization: basic(issued.username, issued.password),
        'Content-Length': '20000',
      },
    });
    cut.on('error', () => undefined);
    cut.write(randomBytes(5000), () => setTimeout(() => cut.destroy(), 100));
    await waitFor(
      async () => (await uploadsCounted('incomplete')) === incompleteBefore + 1,
      'the cut upload given up',
    );
    expect(await served.files.stat(`upload-${grant.uploadId}`)).toBeUndefined();
    expect(await records.listForDevice('DEV-CUT')).toEqual([]);
  });

  it('answers Expect: 100-continue only once the credentials pass', async () => {
    const expectContinue = (grant: UploadGrant, password?: string) =>
      new Promise<{ continued: boolean; status: number }>((resolve, reject) => {
        const issued = uploadCredentials(grant, SECRETS);
        let continued = false;
        const body = 'after continue';
        const put = request(`${served.server.origin}${issued.path}`, {
          method: 'PUT',
          headers: {
            Authorization: basic(issued.username, password ?? issued.password),
            'Content-Length': String(body.length),
            Expect: '100-continue',
          },
        });
        put.on('continue', () => {
          continued = true;
          put.end(body);
        });
        put.on('response', (response) => {
          response.resume();
          resolve({ continued, status: response.statusCode ?? 0 });
          put.destroy();
        });
        put.on('error', reject);
        put.flushHeaders();
      });
    expect(await expectContinue(grantFor(), 'wrong')).toEqual({ continued: false, status: 403 });
    const grant = grantFor();
    expect(await expectContinue(grant)).toEqual({ continued: true, status: 201 });
    expect(await text(served.files.read(`upload-${grant.uploadId}`))).toBe('after continue');
  });

  it('keeps no partial files behind', () => {
    const partial = join(served.directory, 'partial');
    expect(readdirSync(partial)).toEqual([]);
  });
});

import {
  signedDownloadPath,
  uploadCredentials,
  verifyDownloadGrant,
  verifyUploadGrant,
  type GrantSecrets,
} from './index';

const secrets: GrantSecrets = { current: 'current-secret-0123456789' };
const NOW = 1_800_000_000;

function queryOf(path: string): URLSearchParams {
  return new URL(path, 'http://acs.example').searchParams;
}

function withParam(path: string, name: string, value: string): URLSearchParams {
  const query = queryOf(path);
  query.set(name, value);
  return query;
}

describe('download grants', () => {
  const grant = { fileId: 'fw-1.2.3.bin', deviceId: '00259E-HG8245-SN 1/2', expiresAt: NOW + 60 };
  const path = signedDownloadPath(grant, secrets);

  it('puts the file id in the path and device, expiry and signature in the query', () => {
    expect(path).toMatch(/^\/files\/fw-1\.2\.3\.bin\?d=.+&e=1800000060&s=[A-Za-z0-9_-]{43}$/);
    expect(verifyDownloadGrant('fw-1.2.3.bin', queryOf(path), secrets, NOW)).toEqual({
      ok: true,
      grant,
    });
  });

  it('is refused for another file, another device or a later expiry', () => {
    const verify = (fileId: string, query: URLSearchParams) =>
      verifyDownloadGrant(fileId, query, secrets, NOW);
    expect(verify('fw-9.bin', queryOf(path))).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verify(grant.fileId, withParam(path, 'd', 'other-device'))).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verify(grant.fileId, withParam(path, 'e', String(NOW + 3600)))).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const signature = queryOf(path).get('s') ?? '';
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expect(verify(grant.fileId, withParam(path, 's', flipped))).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verify(grant.fileId, withParam(path, 's', signature.slice(1)))).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('is refused once expired, and accepted up to its last second', () => {
    expect(verifyDownloadGrant(grant.fileId, queryOf(path), secrets, NOW + 60).ok).toBe(true);
    expect(verifyDownloadGrant(grant.fileId, queryOf(path), secrets, NOW + 61)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('tells a missing grant from a malformed one', () => {
    const verify = (query: string) =>
      verifyDownloadGrant(grant.fileId, new URLSearchParams(query), secrets, NOW);
    expect(verify('')).toEqual({ ok: false, reason: 'missing' });
    expect(verify('d=x&e=12')).toEqual({ ok: false, reason: 'malformed' });
    expect(verify('d=x&e=soon&s=abc')).toEqual({ ok: false, reason: 'malformed' });
    expect(verify('d=x&e=-5&s=abc')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('verifies with the previous secret after a rotation, and never with another one', () => {
    const rotated = { current: 'next-secret-abcdefghijk', previous: secrets.current };
    expect(verifyDownloadGrant(grant.fileId, queryOf(path), rotated, NOW).ok).toBe(true);
    const afterRotation = signedDownloadPath(grant, rotated);
    expect(afterRotation).not.toBe(path);
    expect(verifyDownloadGrant(grant.fileId, queryOf(afterRotation), rotated, NOW).ok).toBe(true);
    expect(verifyDownloadGrant(grant.fileId, queryOf(afterRotation), secrets, NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const stranger = { current: 'someone-elses-secret-xyz' };
    expect(verifyDownloadGrant(grant.fileId, queryOf(path), stranger, NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses to sign with a short secret or a fractional expiry', () => {
    expect(() => signedDownloadPath(grant, { current: 'short' })).toThrow(/at least 16/);
    expect(() => signedDownloadPath({ ...grant, expiresAt: 1.5 }, secrets)).toThrow(/Unix/);
  });
});

describe('upload grants', () => {
  const grant = {
    uploadId: 'up_0001',
    deviceId: 'DEV-1',
    fileType: '1 Vendor Configuration File',
    expiresAt: NOW + 60,
  };
  const issued = uploadCredentials(grant, secrets);
  const verify = (
    uploadId: string,
    query: URLSearchParams,
    credentials: { username: string; password: string } | undefined,
    keys: GrantSecrets = secrets,
    now = NOW,
  ) => verifyUploadGrant(uploadId, query, credentials, keys, now);
  const credentials = { username: issued.username, password: issued.password };

  it('hands the CPE a URL naming device and type, and credentials derived from the grant', () => {
    expect(issued.path).toBe('/uploads/up_0001?d=DEV-1&t=1+Vendor+Configuration+File&e=1800000060');
    expect(issued.username).toBe('up_0001');
    expect(verify('up_0001', queryOf(issued.path), credentials)).toEqual({ ok: true, grant });
  });

  it('is refused with tampered fields, another upload id or another username', () => {
    const query = queryOf(issued.path);
    const refused = { ok: false, reason: 'bad-signature' };
    expect(verify('up_0001', withParam(issued.path, 'd', 'DEV-2'), credentials)).toEqual(refused);
    expect(
      verify('up_0001', withParam(issued.path, 't', '2 Vendor Log File'), credentials),
    ).toEqual(refused);
    expect(verify('up_0001', withParam(issued.path, 'e', String(NOW + 999)), credentials)).toEqual(
      refused,
    );
    expect(verify('up_0002', query, credentials)).toEqual(refused);
    expect(verify('up_0001', query, { ...credentials, username: 'up_0002' })).toEqual(refused);
    expect(verify('up_0001', query, { ...credentials, password: 'x' })).toEqual(refused);
  });

  it('is refused when expired, missing, malformed or signed with another secret', () => {
    const query = queryOf(issued.path);
    expect(verify('up_0001', query, credentials, secrets, NOW + 61)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verify('up_0001', query, undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(verify('up_0001', new URLSearchParams('d=DEV-1'), credentials)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(verify('up_0001', query, credentials, { current: 'another-secret-0123456' })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const rotated = { current: 'another-secret-0123456', previous: secrets.current };
    expect(verify('up_0001', query, credentials, rotated).ok).toBe(true);
  });

  it('refuses to issue credentials for an upload id that is not URL- and file-safe', () => {
    expect(() => uploadCredentials({ ...grant, uploadId: '../x' }, secrets)).toThrow(/upload id/);
  });
});

import {
  assertGrantSecrets,
  grantSignature,
  parseUnixSeconds,
  signatureMatches,
  type GrantCheck,
  type GrantSecrets,
} from './grant-secrets';

/** Leave to fetch one file, for one device, until a time. */
export interface DownloadGrant {
  readonly fileId: string;
  readonly deviceId: string;
  /** Unix seconds after which the grant is refused. */
  readonly expiresAt: number;
}

/** Where the file server serves files: the path of a download URL, before its query. */
export const DOWNLOAD_PATH_PREFIX = '/files/';

function fieldsOf(grant: DownloadGrant): string[] {
  return ['download', grant.fileId, grant.deviceId, String(grant.expiresAt)];
}

function assertExpiry(expiresAt: number): void {
  if (!Number.isSafeInteger(expiresAt) || expiresAt < 0)
    throw new Error(`grant expiry ${expiresAt} is not whole Unix seconds`);
}

/**
 * The path and query a Download RPC's URL carries (`/files/<fileId>?d=&e=&s=`): the CPE only has
 * to send it back as given, so any CPE that can fetch a URL can use it. Prefix it with the file
 * server's origin.
 */
export function signedDownloadPath(grant: DownloadGrant, secrets: GrantSecrets): string {
  assertGrantSecrets(secrets);
  assertExpiry(grant.expiresAt);
  const query = new URLSearchParams({
    d: grant.deviceId,
    e: String(grant.expiresAt),
    s: grantSignature(secrets.current, fieldsOf(grant)),
  });
  return `${DOWNLOAD_PATH_PREFIX}${encodeURIComponent(grant.fileId)}?${query.toString()}`;
}

/**
 * Checks the grant a request for `fileId` presents in its query. The device and expiry come from
 * the query and are trusted only because the signature covers them with the file id from the
 * path: a URL altered to another file or device, or to a later expiry, fails the signature.
 */
export function verifyDownloadGrant(
  fileId: string,
  query: URLSearchParams,
  secrets: GrantSecrets,
  nowSeconds: number,
): GrantCheck<DownloadGrant> {
  const deviceId = query.get('d');
  const expiryText = query.get('e');
  const signature = query.get('s');
  if (deviceId === null && expiryText === null && signature === null)
    return { ok: false, reason: 'missing' };
  const expiresAt = parseUnixSeconds(expiryText);
  if (!deviceId || expiresAt === undefined || !signature) return { ok: false, reason: 'malformed' };
  const grant: DownloadGrant = { fileId, deviceId, expiresAt };
  if (!signatureMatches(secrets, fieldsOf(grant), signature))
    return { ok: false, reason: 'bad-signature' };
  // Checked after the signature, so the denial reason for a forged expiry is the forgery.
  if (expiresAt < nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, grant };
}

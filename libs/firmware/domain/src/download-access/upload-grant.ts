import { randomBytes } from 'node:crypto';
import {
  assertGrantSecrets,
  grantSignature,
  parseUnixSeconds,
  signatureMatches,
  type GrantCheck,
  type GrantSecrets,
} from './grant-secrets';

/** Leave for one device to upload one file of one type (TR-069 FileType), once, until a time. */
export interface UploadGrant {
  readonly uploadId: string;
  readonly deviceId: string;
  /** The Upload RPC's FileType, e.g. "1 Vendor Configuration File", "2 Vendor Log File". */
  readonly fileType: string;
  /** Unix seconds after which the grant is refused. */
  readonly expiresAt: number;
}

/**
 * What an Upload RPC carries: URL path (prefix it with the file server's origin), Username and
 * Password. CPEs send the Upload RPC's credentials as HTTP authentication (Basic or Digest), which
 * every CWMP stack implements, while not all of them keep a query string intact on a PUT: so the
 * secret is the password, derived from the grant (no store lookup to check it), and the URL only
 * names what the password was derived from.
 */
export interface UploadCredentials {
  readonly path: string;
  readonly username: string;
  readonly password: string;
}

export const UPLOAD_PATH_PREFIX = '/uploads/';

const UPLOAD_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isUploadId(text: string): boolean {
  return UPLOAD_ID_PATTERN.test(text);
}

/** A fresh upload id: 128 random bits, URL- and file-id-safe. */
export function newUploadId(): string {
  return randomBytes(16).toString('base64url');
}

function fieldsOf(grant: UploadGrant): string[] {
  return ['upload', grant.uploadId, grant.deviceId, grant.fileType, String(grant.expiresAt)];
}

export function uploadCredentials(grant: UploadGrant, secrets: GrantSecrets): UploadCredentials {
  assertGrantSecrets(secrets);
  if (!isUploadId(grant.uploadId))
    throw new Error(`upload id ${JSON.stringify(grant.uploadId)} is not [A-Za-z0-9_-]{1,64}`);
  if (!Number.isSafeInteger(grant.expiresAt) || grant.expiresAt < 0)
    throw new Error(`grant expiry ${grant.expiresAt} is not whole Unix seconds`);
  if (!grant.deviceId || !grant.fileType) throw new Error('an upload grant needs device and type');
  const query = new URLSearchParams({
    d: grant.deviceId,
    t: grant.fileType,
    e: String(grant.expiresAt),
  });
  return {
    path: `${UPLOAD_PATH_PREFIX}${grant.uploadId}?${query.toString()}`,
    username: grant.uploadId,
    password: grantSignature(secrets.current, fieldsOf(grant)),
  };
}

/**
 * Checks an upload to `uploadId` with the query of its URL and the credentials it presented
 * (undefined when it presented none). The username must be the upload id: credentials of one
 * upload do not open another.
 */
export function verifyUploadGrant(
  uploadId: string,
  query: URLSearchParams,
  credentials: { username: string; password: string } | undefined,
  secrets: GrantSecrets,
  nowSeconds: number,
): GrantCheck<UploadGrant> {
  if (!credentials) return { ok: false, reason: 'missing' };
  const deviceId = query.get('d');
  const fileType = query.get('t');
  const expiresAt = parseUnixSeconds(query.get('e'));
  if (!deviceId || !fileType || expiresAt === undefined || !isUploadId(uploadId))
    return { ok: false, reason: 'malformed' };
  const grant: UploadGrant = { uploadId, deviceId, fileType, expiresAt };
  if (
    credentials.username !== uploadId ||
    !signatureMatches(secrets, fieldsOf(grant), credentials.password)
  )
    return { ok: false, reason: 'bad-signature' };
  if (expiresAt < nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, grant };
}

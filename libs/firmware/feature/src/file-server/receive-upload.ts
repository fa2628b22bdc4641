import type { IncomingMessage, ServerResponse } from 'node:http';
import { FileStoreError, type FileStoreErrorCode } from '@acs/firmware-data-access';
import { verifyUploadGrant } from '@acs/firmware-domain';
import { answer, deny, nowSeconds, type FileServerContext } from './file-server-context';

const BASIC_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="acs-uploads", charset="UTF-8"' };

const STATUS_OF: Record<FileStoreErrorCode, number> = {
  incomplete: 400,
  'too-large': 413,
  exists: 409,
  'invalid-id': 400,
  'not-found': 404,
};

/** The Basic credentials of an Authorization header, or undefined when there are none. */
export function basicCredentials(
  header: string | undefined,
): { username: string; password: string } | undefined {
  const match = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function declaredLength(request: IncomingMessage): number | undefined {
  const header = request.headers['content-length'];
  return header === undefined ? undefined : Number(header);
}

/** Where an upload's content lives in the FileStore: apart from images by its prefix. */
export function uploadFileId(uploadId: string): string {
  return `upload-${uploadId}`;
}

/**
 * PUT or POST of /uploads/<uploadId>, from a CPE running an Upload RPC: the body streams into
 * the FileStore (sized and hashed on the way), and only a complete file is recorded.
 * `expectsContinue`: the CPE sent `Expect: 100-continue` and waits for our word before sending
 * the body, which it gets only once its credentials have passed.
 */
export async function receiveUpload(
  context: FileServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  uploadId: string,
  query: URLSearchParams,
  expectsContinue: boolean,
): Promise<void> {
  const uploads = context.uploads;
  if (!uploads) return answer(response, 404, {}, true);
  const credentials = basicCredentials(request.headers.authorization);
  const check = verifyUploadGrant(
    uploadId,
    query,
    credentials,
    context.secrets,
    nowSeconds(context),
  );
  if (!check.ok)
    return deny(
      context,
      response,
      check.reason,
      check.reason === 'missing' ? BASIC_CHALLENGE : {},
      true,
    );
  const size = declaredLength(request);
  if (size !== undefined && size > uploads.maxBytes) {
    context.metrics.uploads.inc({ outcome: 'too-large' });
    return answer(response, 413, {}, true);
  }
  if (expectsContinue) response.writeContinue();

  const fileId = uploadFileId(uploadId);
  let stored;
  try {
    stored = await context.files.put(fileId, request, { size, maxBytes: uploads.maxBytes });
  } catch (error) {
    if (!(error instanceof FileStoreError)) throw error;
    context.metrics.uploads.inc({ outcome: error.code });
    return answer(response, STATUS_OF[error.code], {}, true);
  }
  const { grant } = check;
  try {
    await uploads.records.add({
      uploadId,
      deviceId: grant.deviceId,
      fileType: grant.fileType,
      fileId,
      size: stored.size,
      sha256: stored.sha256,
      receivedAt: stored.storedAt,
    });
  } catch (error) {
    // Without its record nobody would find the file: take it back so a retry can store it again.
    await context.files.delete(fileId);
    throw error;
  }
  context.metrics.uploads.inc({ outcome: 'stored' });
  context.metrics.receivedBytes.inc(stored.size);
  answer(response, 201);
}

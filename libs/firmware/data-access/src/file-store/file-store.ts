import type { Readable } from 'node:stream';

/** What the store knows of a stored file: enough to serve it (length, validator, date). */
export interface StoredFile {
  readonly id: string;
  readonly size: number;
  /** Lower-case hex SHA-256 of the content, computed while it was stored. */
  readonly sha256: string;
  readonly storedAt: Date;
}

/** An inclusive byte range, counted as HTTP's Range header counts it. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** What the writer knows in advance; a stream that disagrees stores nothing. */
export interface PutExpectations {
  /** The declared length (Content-Length): a shorter or longer stream is a cut-off upload. */
  readonly size?: number;
  /** A bound the stream may not pass, whatever it declares. */
  readonly maxBytes?: number;
}

export type FileStoreErrorCode = 'invalid-id' | 'exists' | 'not-found' | 'incomplete' | 'too-large';

/** Why a file-store operation did nothing; the code is what transports map. */
export class FileStoreError extends Error {
  constructor(
    readonly code: FileStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FileStoreError';
  }
}

/**
 * Where images and CPE uploads live: MongoDB GridFS in the scaled topology, a local directory in
 * the all-in-one app. Content is streamed both ways, never held whole in memory, and a put is
 * all or nothing: a file is visible only once its every byte is stored and its digest known.
 */
export interface FileStore {
  /**
   * Stores the stream under a new id, computing size and SHA-256 on the way. Rejects with
   * `incomplete` (and stores nothing) when the stream errors or disagrees with `expect.size`,
   * `too-large` past `expect.maxBytes`, `exists` when the id is taken.
   */
  put(id: string, content: Readable, expect?: PutExpectations): Promise<StoredFile>;
  stat(id: string): Promise<StoredFile | undefined>;
  /** The content, or the range of it; the stream errors with `not-found` when the file is gone. */
  read(id: string, range?: ByteRange): Readable;
  /** False when there was nothing to delete. */
  delete(id: string): Promise<boolean>;
  close(): Promise<void>;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** Ids name files on disk and in URLs: a closed alphabet, no path separators, no dot-files. */
export function assertFileId(id: string): void {
  if (!ID_PATTERN.test(id))
    throw new FileStoreError('invalid-id', `file id ${JSON.stringify(id)} is not [A-Za-z0-9._-]`);
}

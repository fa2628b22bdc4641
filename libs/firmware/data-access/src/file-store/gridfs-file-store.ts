import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Binary, Collection, Db } from 'mongodb';
import { DigestingPassThrough } from './digesting-sink';
import {
  assertFileId,
  FileStoreError,
  type ByteRange,
  type FileStore,
  type PutExpectations,
  type StoredFile,
} from './file-store';

/** GridFS's files document; `metadata.uploadId` names the put whose chunks are the content. */
interface FilesDocument {
  _id: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata: { sha256: string; uploadId: string };
}

/** GridFS's chunk document, with an `_id` derived from the file, the put and `n`. */
interface ChunkDocument {
  _id: string;
  files_id: string;
  n: number;
  data: Binary | Buffer;
}

/** GridFS's default: under MongoDB's 16 MiB document limit with room, few documents per file. */
export const DEFAULT_CHUNK_BYTES = 255 * 1024;

/** About a MiB per insert command at the default chunk size. */
const CHUNKS_PER_INSERT = 4;

export interface GridFsOptions {
  /** Collections `<bucket>.files` and `<bucket>.chunks`; `fs` as GridFS's own default. */
  bucket?: string;
  chunkBytes?: number;
}

const chunkId = (fileId: string, uploadId: string, n: number) => `${fileId}/${uploadId}/${n}`;

const bytesOf = (data: Binary | Buffer): Buffer =>
  Buffer.isBuffer(data) ? data : Buffer.from(data.buffer.subarray(0, data.length()));

function isDuplicateKey(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000
  );
}

/**
 * The scaled topology's file store, in GridFS's layout (`files_id`, `n`, `data` in
 * `<bucket>.chunks`; `length`, `chunkSize`, `uploadDate` in `<bucket>.files`), so MongoDB's
 * tools and drivers read what it writes. It differs in one thing: each chunk's `_id` is
 * `<fileId>/<uploadId>/<n>`, and it reads and deletes chunks by that `_id` alone, the only lookup
 * FerretDB 1.24 answers from an index (a `{files_id, n}` query reads every chunk of every file
 * there; docs/architecture.md). The upload id keeps two puts of one id from writing each other's
 * chunks; the files document, written last, says which put won. A put that fails deletes the
 * chunks it wrote; a crash mid-put leaves chunks no files document names, never a visible file.
 */
export class GridFsFileStore implements FileStore {
  private readonly files: Collection<FilesDocument>;
  private readonly chunks: Collection<ChunkDocument>;
  private readonly chunkBytes: number;

  private constructor(db: Db, options: GridFsOptions) {
    const bucket = options.bucket ?? 'fs';
    this.files = db.collection<FilesDocument>(`${bucket}.files`);
    this.chunks = db.collection<ChunkDocument>(`${bucket}.chunks`);
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  }

  /** The store on `db`, its indexes created (GridFS's own, for MongoDB's readers of the layout). */
  static async open(db: Db, options: GridFsOptions = {}): Promise<GridFsFileStore> {
    const store = new GridFsFileStore(db, options);
    await store.chunks.createIndex({ files_id: 1, n: 1 });
    await store.files.createIndex({ filename: 1, uploadDate: 1 });
    return store;
  }

  async put(id: string, content: Readable, expect?: PutExpectations): Promise<StoredFile> {
    assertFileId(id);
    if (await this.stat(id)) throw new FileStoreError('exists', `file ${id} exists`);
    const uploadId = randomUUID();
    const digest = new DigestingPassThrough(expect);
    let chunksWritten = 0;
    let batch: ChunkDocument[] = [];
    // A few chunks per insert: one round trip per MiB rather than per chunk.
    const flush = async () => {
      const documents = batch;
      batch = [];
      if (documents.length > 0) await this.chunks.insertMany(documents, { ordered: true });
    };
    const writeChunk = async (data: Buffer) => {
      const n = chunksWritten++;
      batch.push({ _id: chunkId(id, uploadId, n), files_id: id, n, data });
      if (batch.length >= CHUNKS_PER_INSERT) await flush();
    };
    // pipeline() settles at the first error while the sink may still be writing a chunk: the
    // cleanup waits for the sink, or it would miss the chunks written after it ran.
    let sink: Promise<void> = Promise.resolve();
    try {
      await pipeline(content, digest, (source: AsyncIterable<Buffer>) => {
        sink = this.writeChunks(source, writeChunk).then(flush);
        return sink;
      });
      const { size, sha256 } = digest.result();
      const file: FilesDocument = {
        _id: id,
        length: size,
        chunkSize: this.chunkBytes,
        uploadDate: new Date(),
        filename: id,
        metadata: { sha256, uploadId },
      };
      await this.files.insertOne(file).catch((error: unknown) => {
        throw isDuplicateKey(error) ? new FileStoreError('exists', `file ${id} exists`) : error;
      });
      return storedFileOf(file);
    } catch (error) {
      await sink.catch(() => undefined);
      // chunksWritten counts every chunk handed to an insert, including one that failed: its
      // chunks may have landed all the same.
      await this.deleteChunks(id, uploadId, chunksWritten).catch(() => undefined);
      if (error instanceof FileStoreError) throw error;
      throw new FileStoreError('incomplete', `file ${id} not stored: ${String(error)}`);
    }
  }

  async stat(id: string): Promise<StoredFile | undefined> {
    assertFileId(id);
    const file = await this.files.findOne({ _id: id });
    return file ? storedFileOf(file) : undefined;
  }

  read(id: string, range?: ByteRange): Readable {
    assertFileId(id);
    return Readable.from(this.readChunks(id, range), { objectMode: false });
  }

  async delete(id: string): Promise<boolean> {
    assertFileId(id);
    // The files document goes first: from then on the file is absent to every reader.
    const file = await this.files.findOneAndDelete({ _id: id });
    if (!file) return false;
    await this.deleteChunks(id, file.metadata.uploadId, Math.ceil(file.length / file.chunkSize));
    return true;
  }

  /** Nothing of its own to release: the connection belongs to the caller. */
  async close(): Promise<void> {
    return;
  }

  /** Cuts the stream into chunks of chunkBytes, the last one shorter, each written in turn. */
  private async writeChunks(
    source: AsyncIterable<Buffer>,
    writeChunk: (data: Buffer) => Promise<void>,
  ): Promise<void> {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for await (const piece of source) {
      pending.push(piece);
      pendingBytes += piece.length;
      while (pendingBytes >= this.chunkBytes) {
        const joined = Buffer.concat(pending);
        await writeChunk(joined.subarray(0, this.chunkBytes));
        pending = [joined.subarray(this.chunkBytes)];
        pendingBytes = joined.length - this.chunkBytes;
      }
    }
    if (pendingBytes > 0) await writeChunk(Buffer.concat(pending));
  }

  /** Only the chunks the range touches, one `_id` lookup each, as the reader asks for them. */
  private async *readChunks(id: string, range?: ByteRange): AsyncGenerator<Buffer> {
    const file = await this.files.findOne({ _id: id });
    if (!file) throw new FileStoreError('not-found', `file ${id} not found`);
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? file.length - 1, file.length - 1);
    if (start > end) return;
    const { chunkSize } = file;
    for (let n = Math.floor(start / chunkSize); n <= Math.floor(end / chunkSize); n++) {
      const chunk = await this.chunks.findOne(
        { _id: chunkId(id, file.metadata.uploadId, n) },
        { promoteBuffers: true },
      );
      if (!chunk) throw new FileStoreError('not-found', `file ${id} was deleted while read`);
      const bytes = bytesOf(chunk.data);
      const from = Math.max(start - n * chunkSize, 0);
      const to = Math.min(end - n * chunkSize + 1, bytes.length);
      yield bytes.subarray(from, to);
    }
  }

  /** Point deletes by `_id`: a `{files_id}` condition would read every chunk on FerretDB. */
  private async deleteChunks(id: string, uploadId: string, count: number): Promise<void> {
    for (let n = 0; n < count; n++) await this.chunks.deleteOne({ _id: chunkId(id, uploadId, n) });
  }
}

function storedFileOf(file: FilesDocument): StoredFile {
  return {
    id: file._id,
    size: file.length,
    sha256: file.metadata.sha256,
    storedAt: file.uploadDate,
  };
}

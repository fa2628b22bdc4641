import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DigestingPassThrough } from './digesting-sink';
import {
  assertFileId,
  FileStoreError,
  type ByteRange,
  type FileStore,
  type PutExpectations,
  type StoredFile,
} from './file-store';

interface MetaRecord {
  size: number;
  sha256: string;
  storedAt: string;
}

function hasCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

/**
 * The all-in-one app's file store: one directory, content under content/, what is known of each
 * file under meta/. A put streams into partial/ and is linked into place only when complete, and
 * its meta record (written last, by rename) is what makes it visible: a crash mid-put leaves at
 * worst an orphan in partial/, never a half file that stat would report.
 */
export class DirectoryFileStore implements FileStore {
  private readonly ready: Promise<void>;

  constructor(private readonly directory: string) {
    this.ready = Promise.all(
      ['content', 'meta', 'partial'].map((sub) => mkdir(join(directory, sub), { recursive: true })),
    ).then(() => undefined);
  }

  async put(id: string, content: Readable, expect?: PutExpectations): Promise<StoredFile> {
    assertFileId(id);
    await this.ready;
    if (await this.stat(id)) throw new FileStoreError('exists', `file ${id} exists`);
    const partial = join(this.directory, 'partial', `${id}.${randomUUID()}`);
    const digest = new DigestingPassThrough(expect);
    try {
      await pipeline(content, digest, createWriteStream(partial, { flags: 'wx' }));
      const { size, sha256 } = digest.result();
      const stored: StoredFile = { id, size, sha256, storedAt: new Date() };
      // link() refuses an existing name: of two puts racing for one id, one wins whole.
      await link(partial, this.contentPath(id)).catch((error: unknown) => {
        throw hasCode(error, 'EEXIST') ? new FileStoreError('exists', `file ${id} exists`) : error;
      });
      const record: MetaRecord = { size, sha256, storedAt: stored.storedAt.toISOString() };
      const metaPartial = `${partial}.json`;
      await writeFile(metaPartial, JSON.stringify(record));
      await rename(metaPartial, this.metaPath(id));
      return stored;
    } catch (error) {
      if (error instanceof FileStoreError) throw error;
      throw new FileStoreError('incomplete', `file ${id} not stored: ${String(error)}`);
    } finally {
      await unlink(partial).catch(() => undefined);
    }
  }

  async stat(id: string): Promise<StoredFile | undefined> {
    assertFileId(id);
    await this.ready;
    let text: string;
    try {
      text = await readFile(this.metaPath(id), 'utf8');
    } catch (error) {
      if (hasCode(error, 'ENOENT')) return undefined;
      throw error;
    }
    const record = JSON.parse(text) as MetaRecord;
    return { id, size: record.size, sha256: record.sha256, storedAt: new Date(record.storedAt) };
  }

  read(id: string, range?: ByteRange): Readable {
    assertFileId(id);
    const out = new PassThrough();
    const source = createReadStream(
      this.contentPath(id),
      range ? { start: range.start, end: range.end } : {},
    );
    source.once('error', (error) =>
      out.destroy(
        hasCode(error, 'ENOENT') ? new FileStoreError('not-found', `file ${id} not found`) : error,
      ),
    );
    out.once('close', () => source.destroy());
    source.pipe(out);
    return out;
  }

  async delete(id: string): Promise<boolean> {
    assertFileId(id);
    await this.ready;
    // The meta record goes first: from then on the file is absent to every reader.
    const existed = await rm(this.metaPath(id)).then(
      () => true,
      (error: unknown) => {
        if (hasCode(error, 'ENOENT')) return false;
        throw error;
      },
    );
    await rm(this.contentPath(id), { force: true });
    return existed;
  }

  async close(): Promise<void> {
    await this.ready;
  }

  private contentPath(id: string): string {
    return join(this.directory, 'content', id);
  }

  private metaPath(id: string): string {
    return join(this.directory, 'meta', `${id}.json`);
  }
}

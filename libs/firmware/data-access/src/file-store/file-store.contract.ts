import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { FileStoreError, type FileStore } from './file-store';

/** How a contract suite gets a store over empty storage. */
export interface FileStoreHarness {
  create(): Promise<FileStore>;
  /** Releases what create() opened (called after each test). */
  cleanup(): Promise<void>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A stream of `bytes` in pieces of `piece` bytes, as a socket delivers them. */
function streamOf(bytes: Buffer, piece = 4096): Readable {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += piece) pieces.push(bytes.subarray(i, i + piece));
  return Readable.from(pieces);
}

/** A stream that sends `sent` and then fails, as an upload whose client went away. */
function cutOff(sent: Buffer): Readable {
  let done = false;
  return new Readable({
    read() {
      if (done) return;
      done = true;
      this.push(sent);
      setImmediate(() => this.destroy(new Error('client went away')));
    },
  });
}

/**
 * The behaviour of every FileStore adapter; run by each adapter's spec. The body is large enough
 * to span several chunks of an adapter that stores in chunks (the GridFS suite uses 4 KiB ones).
 */
export function fileStoreContract(name: string, harness: FileStoreHarness): void {
  describe(`${name}: file store contract`, () => {
    let store: FileStore;
    const body = randomBytes(20_000);

    // The first database of a run on FerretDB takes seconds to create.
    beforeEach(async () => {
      store = await harness.create();
    }, 30_000);
    afterEach(() => harness.cleanup());

    it('stores a stream with its size and SHA-256, and reads it whole', async () => {
      const stored = await store.put('image-1', streamOf(body), { size: body.length });
      expect(stored).toMatchObject({ id: 'image-1', size: body.length, sha256: sha256(body) });
      expect(stored.storedAt).toBeInstanceOf(Date);
      expect(await store.stat('image-1')).toEqual(stored);
      expect((await buffer(store.read('image-1'))).equals(body)).toBe(true);
    });

    it('reads any byte range, across chunk boundaries and up to the end', async () => {
      await store.put('ranged', streamOf(body, 1000));
      const ranges: [number, number][] = [
        [0, 0],
        [4095, 4096],
        [4096, 8191],
        [1000, 13_000],
        [19_999, 19_999],
        [12_345, 19_999],
      ];
      for (const [start, end] of ranges) {
        const read = await buffer(store.read('ranged', { start, end }));
        expect(read.equals(body.subarray(start, end + 1))).toBe(true);
      }
    });

    it('stores an empty file', async () => {
      const stored = await store.put('empty', Readable.from([]), { size: 0 });
      expect(stored).toMatchObject({ size: 0, sha256: sha256(Buffer.alloc(0)) });
      expect((await buffer(store.read('empty'))).length).toBe(0);
    });

    it('stores nothing from a cut-off, short, long or oversized stream, and the id stays free', async () => {
      const refusals: [Promise<unknown>, string][] = [
        [store.put('cut', cutOff(body.subarray(0, 9000))), 'incomplete'],
        [store.put('short', streamOf(body), { size: body.length + 1 }), 'incomplete'],
        [store.put('long', streamOf(body), { size: body.length - 1 }), 'incomplete'],
        [store.put('big', streamOf(body), { maxBytes: 10_000 }), 'too-large'],
      ];
      for (const [refused, code] of refusals) await expect(refused).rejects.toMatchObject({ code });
      for (const id of ['cut', 'short', 'long', 'big']) {
        expect(await store.stat(id)).toBeUndefined();
        await expect(buffer(store.read(id))).rejects.toMatchObject({ code: 'not-found' });
      }
      const again = await store.put('cut', streamOf(body), { size: body.length });
      expect(again.sha256).toBe(sha256(body));
    });

    it('refuses a taken id and an id with path characters, keeping what is stored', async () => {
      await store.put('one', streamOf(body));
      await expect(store.put('one', streamOf(Buffer.from('other')))).rejects.toMatchObject({
        code: 'exists',
      });
      await expect(store.put('../etc', Readable.from([]))).rejects.toBeInstanceOf(FileStoreError);
      expect(() => store.read('a/b')).toThrow(FileStoreError);
      expect((await buffer(store.read('one'))).equals(body)).toBe(true);
    });

    it('lets one of two puts of one id win whole', async () => {
      const other = randomBytes(body.length);
      const results = await Promise.allSettled([
        store.put('raced', streamOf(body, 512)),
        store.put('raced', streamOf(other, 512)),
      ]);
      const won = results.filter((result) => result.status === 'fulfilled');
      expect(won).toHaveLength(1);
      expect(results.find((result) => result.status === 'rejected')).toMatchObject({
        reason: { code: 'exists' },
      });
      const read = await buffer(store.read('raced'));
      expect(sha256(read)).toBe((await store.stat('raced'))?.sha256);
      expect(read.equals(body) || read.equals(other)).toBe(true);
    });

    it('deletes once, and a read of a deleted file fails with not-found', async () => {
      await store.put('gone', streamOf(body));
      expect(await store.delete('gone')).toBe(true);
      expect(await store.delete('gone')).toBe(false);
      expect(await store.stat('gone')).toBeUndefined();
      await expect(buffer(store.read('gone'))).rejects.toMatchObject({ code: 'not-found' });
      await store.put('gone', streamOf(Buffer.from('new')));
      expect((await buffer(store.read('gone'))).toString()).toBe('new');
    });
  });
}

import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { createHash } from 'node:crypto';
import { DirectoryFileStore } from './directory-file-store';
import { FileStoreError } from './file-store';

describe('DirectoryFileStore', () => {
  let directory: string;
  let store: DirectoryFileStore;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'file-store-'));
    store = new DirectoryFileStore(directory);
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('stores a stream with its size and SHA-256, and reads it whole or by range', async () => {
    const body = 'firmware image bytes';
    const stored = await store.put('image-1', Readable.from([Buffer.from(body)]));
    expect(stored).toMatchObject({
      id: 'image-1',
      size: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    });
    expect(await store.stat('image-1')).toEqual(stored);
    expect(await text(store.read('image-1'))).toBe(body);
    expect(await text(store.read('image-1', { start: 9, end: 13 }))).toBe('image');
  });

  it('stores nothing from a stream that fails mid-way or is shorter than declared', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('half'));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put('cut', failing)).rejects.toMatchObject({ code: 'incomplete' });
    await expect(
      store.put('short', Readable.from([Buffer.from('abc')]), { size: 10 }),
    ).rejects.toMatchObject({ code: 'incomplete' });
    expect(await store.stat('cut')).toBeUndefined();
    expect(await store.stat('short')).toBeUndefined();
    expect(await readdir(join(directory, 'partial'))).toEqual([]);
  });

  it('refuses a taken id, an id with path characters, and a body past its limit', async () => {
    await store.put('one', Readable.from([Buffer.from('x')]));
    await expect(store.put('one', Readable.from([Buffer.from('y')]))).rejects.toMatchObject({
      code: 'exists',
    });
    await expect(store.put('../etc', Readable.from([]))).rejects.toBeInstanceOf(FileStoreError);
    await expect(
      store.put('big', Readable.from([Buffer.alloc(11)]), { maxBytes: 10 }),
    ).rejects.toMatchObject({ code: 'too-large' });
    expect(await text(store.read('one'))).toBe('x');
  });

  it('deletes once, and a read of a deleted file fails with not-found', async () => {
    await store.put('gone', Readable.from([Buffer.from('x')]));
    expect(await store.delete('gone')).toBe(true);
    expect(await store.delete('gone')).toBe(false);
    await expect(text(store.read('gone'))).rejects.toMatchObject({ code: 'not-found' });
  });
});

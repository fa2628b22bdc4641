/**
 * The firmware file store on the MongoDB-protocol server (MONGODB_URI, or a FerretDB of its own):
 * GridFsFileStore (chunks read and deleted by `_id`) against the driver's GridFSBucket on the
 * same server (chunks read by `{files_id, n}`, as every GridFS reader does), with
 * BENCH_OTHER_FILES other files stored first so the chunk collection is not empty, then a put,
 * a whole read and a ranged read of the last MiB of a BENCH_MB MiB file. The local directory
 * store runs the same steps as the floor.
 *
 *   npm run bench:firmware-files
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, MongoClient, type Db } from 'mongodb';
import { DirectoryFileStore, GridFsFileStore, type FileStore } from '@acs/firmware-data-access';
import { explicitMongoServer, startFerretDb } from '@acs/testing';
import { positiveIntegerEnv } from './support/env';

const MIB = 1024 * 1024;
const sizeMiB = positiveIntegerEnv('BENCH_MB', 32);
const otherFiles = positiveIntegerEnv('BENCH_OTHER_FILES', 8);
const body = randomBytes(sizeMiB * MIB);

const pieces = (bytes: Buffer) =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) =>
      bytes.subarray(i * 65_536, (i + 1) * 65_536),
    ),
  );

async function drain(stream: Readable): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += (chunk as Buffer).length;
  return bytes;
}

async function timed(label: string, megabytes: number, run: () => Promise<unknown>) {
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `${label.padEnd(44)} ${seconds.toFixed(2).padStart(7)} s ${(megabytes / seconds).toFixed(1).padStart(7)} MiB/s`,
  );
}

async function storeSteps(name: string, store: FileStore) {
  for (let i = 0; i < otherFiles; i++) await store.put(`other-${i}`, pieces(body));
  await timed(`${name}: put`, sizeMiB, () =>
    store.put('image', pieces(body), { size: body.length }),
  );
  await timed(`${name}: read whole`, sizeMiB, () => drain(store.read('image')));
  await timed(`${name}: read the last MiB`, 1, () =>
    drain(store.read('image', { start: body.length - MIB, end: body.length - 1 })),
  );
}

async function bucketSteps(db: Db) {
  const bucket = new GridFSBucket(db, { bucketName: 'driver' });
  const upload = (name: string) => pipeline(pieces(body), bucket.openUploadStream(name));
  for (let i = 0; i < otherFiles; i++) await upload(`other-${i}`);
  await timed('GridFSBucket ({files_id, n}): put', sizeMiB, () => upload('image'));
  await timed('GridFSBucket ({files_id, n}): read whole', sizeMiB, () =>
    drain(bucket.openDownloadStreamByName('image')),
  );
  await timed('GridFSBucket ({files_id, n}): read the last MiB', 1, () =>
    drain(bucket.openDownloadStreamByName('image', { start: body.length - MIB, end: body.length })),
  );
}

async function main() {
  const explicit = explicitMongoServer();
  const own = explicit ? undefined : await startFerretDb();
  const server = explicit ?? own?.info;
  if (!server) throw new Error('no MongoDB-protocol server');
  console.log(`${sizeMiB} MiB file, ${otherFiles} other files first; ${server.description}`);
  const directory = await mkdtemp(join(tmpdir(), 'bench-files-'));
  const client = await MongoClient.connect(server.uri);
  const db = client.db(`bench-files-${process.pid}`);
  try {
    await storeSteps('directory', new DirectoryFileStore(directory));
    await storeSteps('GridFsFileStore (_id)', await GridFsFileStore.open(db));
    await bucketSteps(db);
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
    await rm(directory, { recursive: true, force: true });
    await own?.stop();
  }
}

await main();

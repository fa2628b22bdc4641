import { createHash, randomBytes } from 'node:crypto';
import { get, type ClientRequest, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { waitFor } from '@acs/testing';
import { startTestFileServer, type TestFileServer } from './file-server-harness';

const MIB = 1024 * 1024;
const FILE_SIZE = 16 * MIB;
/** Generous: the CI machines are shared and the file is large enough to take a while. */
const TEST_TIMEOUT_MS = 30_000;
/**
 * What a paused download may have read from the store: the kernel's loopback socket buffers
 * (a few MiB) plus the server's stream buffers (tens of KiB each). Reading the file ahead of the
 * client would reach FILE_SIZE.
 */
const READ_AHEAD_BOUND = 8 * MIB;

/** A GET whose answer the client does not read: a CPE stalled mid-download. */
function pausedDownload(
  url: string,
): Promise<{ request: ClientRequest; response: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false }, (response) => {
      response.pause();
      resolve({ request, response });
    });
    request.on('error', reject);
  });
}

function sha256OfDownload(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      const hash = createHash('sha256');
      response.on('data', (chunk: Buffer) => hash.update(chunk));
      response.on('end', () => resolve(hash.digest('hex')));
      response.on('error', reject);
    }).on('error', reject);
  });
}

/** Resolves once the count has not moved for `quietMs`. */
async function settled(count: () => number, quietMs = 300): Promise<number> {
  let last = -1;
  while (count() !== last) {
    last = count();
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
  return last;
}

describe('file server: streaming', () => {
  const content = randomBytes(FILE_SIZE);
  const digest = createHash('sha256').update(content).digest('hex');
  let served: TestFileServer;

  beforeAll(async () => {
    served = await startTestFileServer();
    await served.files.put('big.bin', Readable.from([content]));
  }, TEST_TIMEOUT_MS);
  afterAll(() => served.stop(), TEST_TIMEOUT_MS);

  it(
    'reads no further ahead of a stalled CPE than the socket buffers, and serves others meanwhile',
    async () => {
      const url = served.server.origin + served.signedPath('big.bin');
      const stalled = await pausedDownload(url);
      try {
        await expectBoundedWhileServingOthers(url, stalled);
      } finally {
        stalled.request.destroy();
      }
    },
    TEST_TIMEOUT_MS,
  );

  async function expectBoundedWhileServingOthers(
    url: string,
    stalled: { request: ClientRequest },
  ): Promise<void> {
    const [stalledRead] = served.files.reads;
    if (!stalledRead) throw new Error('the server opened no read stream');
    const readAhead = await settled(() => stalledRead.bytes);
    expect(readAhead).toBeLessThan(READ_AHEAD_BOUND);

    expect(await sha256OfDownload(url)).toBe(digest);
    expect(stalledRead.bytes).toBe(readAhead);

    stalled.request.destroy();
    await waitFor(() => stalledRead.stream.destroyed, 'the stalled download’s store stream closed');
    expect(stalledRead.bytes).toBeLessThan(FILE_SIZE);
  }

  it(
    'closes the store stream when a CPE goes away mid-download',
    async () => {
      const before = served.files.reads.length;
      const url = served.server.origin + served.signedPath('big.bin');
      await new Promise<void>((resolve, reject) => {
        const request = get(url, { agent: false }, (response) => {
          response.once('data', () => {
            request.destroy();
            resolve();
          });
        });
        request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
      });
      const read = served.files.reads[before];
      await waitFor(() => read?.stream.destroyed === true, 'the store stream closed');
    },
    TEST_TIMEOUT_MS,
  );
});

import http from 'node:http';
import { AddressInfo } from 'node:net';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { simulatedFirmwareImage, simulatedFirmwareStream } from '../firmware/image';
import { fetchFile } from './file-transfer';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
let server: http.Server | undefined;
const requests: http.IncomingHttpHeaders[] = [];

async function serve(handler: Handler): Promise<string> {
  server = http.createServer((req, res) => {
    requests.push(req.headers);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/files/img-1?s=sig`;
}

afterEach(async () => {
  requests.length = 0;
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

const target = (url: string, fileSize = 0) => ({ url, username: '', password: '', fileSize });
const IMAGE = simulatedFirmwareImage({ version: '2.1.0', size: 256 * 1024 });
const ETAG = '"sha-abc"';

/** Answers a Range request from `start` (If-Range must match the ETag), the whole file otherwise. */
function rangeServer(cutFirstAt: number | undefined, etagMatches = true): Handler {
  let first = true;
  return (req, res) => {
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && etagMatches && req.headers['if-range'] === ETAG) {
      const start = Number(range[1]);
      res.writeHead(206, {
        ETag: ETAG,
        'Content-Length': IMAGE.length - start,
        'Content-Range': `bytes ${start}-${IMAGE.length - 1}/${IMAGE.length}`,
      });
      res.end(IMAGE.subarray(start));
      return;
    }
    res.writeHead(200, { ETag: ETAG, 'Content-Length': IMAGE.length });
    if (first && cutFirstAt !== undefined) {
      first = false;
      res.write(IMAGE.subarray(0, cutFirstAt), () => res.socket?.destroy());
      return;
    }
    res.end(IMAGE);
  };
}

describe('fetchFile', () => {
  it('keeps only the head of an image and counts its bytes', async () => {
    const url = await serve(rangeServer(undefined));
    const fetched = await fetchFile(target(url, IMAGE.length), { timeoutMs: 5000 });
    expect(fetched.fault.faultCode).toBe(0);
    expect(fetched.bytes).toBe(IMAGE.length);
    expect(fetched.head.toString('latin1')).toMatch(/^ACS-SIM-FIRMWARE version=2\.1\.0 /);
    expect(fetched.head.length).toBeLessThanOrEqual(512);
    expect(fetched.body).toBeUndefined();
  });

  it('resumes a cut download once, from the next byte, with Range and If-Range', async () => {
    const url = await serve(rangeServer(100_000));
    const fetched = await fetchFile(target(url, IMAGE.length), {
      timeoutMs: 5000,
      keepBodyBytes: 1 << 20,
    });
    expect(fetched.fault.faultCode).toBe(0);
    expect(fetched.resumedFrom).toBeGreaterThan(0);
    expect(requests[1]).toMatchObject({ range: `bytes=${fetched.resumedFrom}-`, 'if-range': ETAG });
    expect(fetched.bytes).toBe(IMAGE.length);
    expect(fetched.body?.equals(IMAGE)).toBe(true);
  });

  it('starts over when the file changed (a 200 to the If-Range request)', async () => {
    const url = await serve(rangeServer(100_000, false));
    const fetched = await fetchFile(target(url, IMAGE.length), {
      timeoutMs: 5000,
      keepBodyBytes: 1 << 20,
    });
    expect(fetched.fault.faultCode).toBe(0);
    expect(requests).toHaveLength(2);
    expect(fetched.bytes).toBe(IMAGE.length);
    expect(fetched.body?.equals(IMAGE)).toBe(true);
  });

  it('gives up with 9017 when the resumed download is cut again', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': IMAGE.length });
      res.write(IMAGE.subarray(0, 1000), () => res.socket?.destroy());
    });
    const fetched = await fetchFile(target(url, IMAGE.length), { timeoutMs: 5000 });
    expect(fetched.fault.faultCode).toBe(9017);
    expect(requests).toHaveLength(2);
  });

  it('maps statuses and sizes to TR-069 fault codes', async () => {
    const url = await serve((req, res) => {
      if (req.url?.startsWith('/files/locked')) res.writeHead(401).end();
      else if (req.url?.startsWith('/files/gone')) res.writeHead(404).end();
      else res.writeHead(200).end(IMAGE);
    });
    const base = url.replace('/files/img-1?s=sig', '');
    const code = async (path: string, size = 0) =>
      (await fetchFile(target(base + path, size), { timeoutMs: 5000 })).fault.faultCode;
    expect(await code('/files/locked')).toBe(9012);
    expect(await code('/files/gone')).toBe(9016);
    expect(await code('/files/img', IMAGE.length + 1)).toBe(9018);
    expect(await code('/files/img', 0)).toBe(0);
    expect(await fetchFile(target('http://127.0.0.1:1/x'), { timeoutMs: 5000 })).toMatchObject({
      fault: { faultCode: 9015 },
    });
  });

  it('stops at the head when the device has seen enough', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200);
      simulatedFirmwareStream({ version: '9', size: 8 << 20 }).pipe(res);
    });
    const fetched = await fetchFile(target(url), { timeoutMs: 5000, onHead: () => 'stop' });
    expect(fetched).toMatchObject({ stoppedAtHead: true, fault: { faultCode: 0 } });
    expect(fetched.bytes).toBeLessThan(8 << 20);
  });

  it('streams a 64 MiB image without holding it: memory stays far below its size', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const size = 64 * 1024 * 1024;
    const external = () => {
      gc();
      const usage = process.memoryUsage();
      return usage.arrayBuffers + usage.heapUsed;
    };
    const samples: number[] = [];
    let served = 0;
    let nextSample = 0;
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': size });
      const image = simulatedFirmwareStream({ version: '7.0.0', size });
      // Sample memory every 8 MiB served: the client has most of the file by the last samples.
      image.on('data', (chunk: Buffer) => {
        served += chunk.length;
        if (served >= nextSample) {
          nextSample += 8 << 20;
          samples.push(external());
        }
      });
      image.pipe(res);
    });
    // Watches Buffer.concat without keeping what it returns (a jest spy would keep every result).
    const concat = Buffer.concat;
    let largestConcat = 0;
    const watched: typeof Buffer.concat = (list, totalLength) => {
      const joined = concat(list, totalLength);
      largestConcat = Math.max(largestConcat, joined.length);
      return joined;
    };
    Buffer.concat = watched;
    const before = external();
    let fetched;
    try {
      fetched = await fetchFile(target(url, size), { timeoutMs: 10_000 });
    } finally {
      Buffer.concat = concat;
    }
    expect(fetched?.fault.faultCode).toBe(0);
    expect(fetched?.bytes).toBe(size);
    expect(samples.length).toBeGreaterThanOrEqual(8);
    // Buffered, the file would be there by the last samples (56-64 MiB); streamed, the growth is
    // the sockets' and streams' buffers in flight (0-17 MiB seen), whatever the file's size.
    expect(Math.max(...samples) - before).toBeLessThan(32 * 1024 * 1024);
    expect(largestConcat).toBeLessThanOrEqual(512);
  }, 60_000);
});

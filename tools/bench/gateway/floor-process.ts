/**
 * Child process of bench:gateway: the floor, a bare node:http server answering the periodic
 * exchange with canned bytes (bench:http-adapters' cwmpReply: an InformResponse and a session
 * cookie to a POST with a body, 204 to an empty POST). With `challenge`, a POST with a body gets
 * a canned Digest 401 unless its Authorization carries the floor's one nonce, which never
 * expires: a session without Authorization takes the 401, one that reuses the nonce
 * preemptively does not, as with the gateway while its nonce lives. So the floor's exchange has
 * the gateway's round trips with Digest (nothing is verified: the floor only costs what HTTP
 * costs).
 */
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { cwmpReply, readRawBody } from '../http-adapters/cwmp-exchange';
import { processUsage, serveParent } from './child-ipc';

const NONCE = 'AQAAAZbench-floor-canned-nonce-AAAAAAAAAAAAAAAAAAAAA';
const CHALLENGE = {
  'www-authenticate':
    `Digest realm="acs", qop="auth", algorithm=MD5, nonce="${NONCE}", ` +
    'opaque="0123456789abcdef0123456789abcdef"',
  'content-length': '0',
};
/** The nonce as an Authorization header quotes it: a substring test, not a parse. */
const ANSWERED = `nonce="${NONCE}"`;

let server: Server | undefined;

const api = {
  start: async (params: { challenge: boolean }): Promise<{ url: string }> => {
    if (server) throw new Error('floor already started');
    const listening = createServer((request, response) => {
      readRawBody(request).then(
        (body) => {
          const answered = request.headers.authorization?.includes(ANSWERED) === true;
          if (params.challenge && body.length > 0 && !answered) {
            response.writeHead(401, CHALLENGE).end();
            return;
          }
          const answer = cwmpReply(body);
          const length = answer.body ? { 'content-length': String(answer.body.length) } : {};
          response.writeHead(answer.status, { ...answer.headers, ...length }).end(answer.body);
        },
        () => response.writeHead(400, { connection: 'close' }).end(),
      );
    });
    server = listening;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(0, '127.0.0.1', resolve);
    });
    return { url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}/` };
  },
  usage: () => processUsage(),
};

export type FloorApi = typeof api;

serveParent(api, async () => {
  const closing = server;
  if (!closing) return;
  await new Promise<void>((resolve) => {
    closing.close(() => resolve());
    closing.closeAllConnections();
  });
});

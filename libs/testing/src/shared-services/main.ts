/**
 * The test run's shared servers in one process of their own, started by Jest's global setup
 * (libs/testing/jest/global-setup.mjs): every server starts at once, and a suite asks for the
 * one it needs over loopback HTTP (GET /kafka, GET /mongo), waiting only if it is not up yet. Everything
 * stops when stdin closes: Jest's global teardown closes it, and so does Jest's death, however
 * it dies (the brokers themselves die with this process: die-with-parent).
 */
import { createServer } from 'node:http';
import { SHARED_SERVICE_STARTERS, type SharedServiceName } from './services';

/** ACS_TEST_SHARED_SERVICES=mongo,... starts only those (npm run test:mongo needs no Kafka). */
const wanted = process.env['ACS_TEST_SHARED_SERVICES']?.split(',').map((name) => name.trim());

const started = new Map(
  Object.entries(SHARED_SERVICE_STARTERS)
    .filter(([name]) => wanted === undefined || wanted.includes(name))
    .map(([name, start]) => {
      const service = start();
      // Reported to the suite that asks; unhandled here would end the process.
      service.catch(() => undefined);
      return [name as SharedServiceName, service] as const;
    }),
);

const server = createServer((request, response) => {
  // Each suite asks once, seconds apart: a kept-alive socket would race the server's idle close
  // (a request sent as the server closes it fails with "other side closed").
  response.setHeader('connection', 'close');
  const name = (request.url ?? '').replace(/^\//, '') as SharedServiceName;
  const service = started.get(name);
  if (!service || request.method !== 'GET') {
    response.writeHead(404).end(`no shared service "${name}" in this run`);
    return;
  }
  service.then(
    ({ info }) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(info)),
    (error: unknown) =>
      response.writeHead(500).end(error instanceof Error ? error.message : String(error)),
  );
});
server.requestTimeout = 0;

let stopping: Promise<void> | undefined;
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    server.close();
    await Promise.allSettled([...started.values()].map(async (service) => (await service).stop()));
  })();
  return stopping;
}

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`LISTENING ${port}\n`);
});
process.stdin.on('end', () => void stopAll().then(() => process.exit(0)));
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void stopAll().then(() => process.exit(0)));
}

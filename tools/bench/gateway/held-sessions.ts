/**
 * Redis memory per open session: K simulated CPEs each send their Inform (answering the Digest
 * challenge) and get their InformResponse, then say nothing more, so K sessions stay open in
 * Redis exactly as between a CPE's Inform and its next POST (lock, record, deadline entry, and the
 * END the orchestrator queued). INFO's used_memory with them open, minus before, over K.
 */
import { request } from 'http';
import type { Redis } from 'ioredis';
import { encodeEnvelope } from '@acs/cwmp-codec';
import { deviceIdOf, REDIS_KEYS } from '@acs/contracts';
import { CPE_AUTH_REDIS_KEY_PREFIX } from '@acs/cpe-auth';
import {
  Authenticator,
  buildInform,
  createDeviceState,
  formatSerial,
  parseChallenge,
  profileNamed,
} from '@acs/cpe-simulator';

export interface HeldSessionsFigures {
  sessions: number;
  bytesPerSession: number;
  /** MEMORY USAGE of one held session's keys, by kind (the deadline entry is in a shared set). */
  keyBytes: Record<string, number>;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

function post(url: string, body: Buffer, headers: Record<string, string>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-length': String(body.length) },
        timeout: 15_000,
      },
      (res) => {
        res.resume(); // the InformResponse itself does not matter here, only that it came
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within 15 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

const PROFILE = profileNamed('tr181');

/** Inform, 401, Inform with Digest, InformResponse: the session is open and stays so. */
async function openSession(url: string, serial: string, ordinal: number, password: string) {
  const state = createDeviceState(PROFILE, serial, ordinal);
  const inform = buildInform(state, 0, new Date());
  const body = Buffer.from(encodeEnvelope({ header: { id: '1' }, message: inform }), 'utf8');
  const headers = { 'content-type': 'text/xml; charset="utf-8"', soapaction: '""' };
  const challenged = await post(url, body, headers);
  if (challenged.status !== 401)
    throw new Error(`${serial}: expected a 401 challenge, got ${challenged.status}`);
  const wwwAuthenticate = challenged.headers['www-authenticate'];
  const challenge = parseChallenge(
    Array.isArray(wwwAuthenticate) ? wwwAuthenticate[0] : wwwAuthenticate,
  );
  if (!challenge) throw new Error(`${serial}: 401 without a challenge`);
  const authorization = new Authenticator(challenge, serial, password).header('POST', '/');
  const answered = await post(url, body, { ...headers, authorization });
  if (answered.status !== 200)
    throw new Error(`${serial}: expected an InformResponse, got HTTP ${answered.status}`);
  return deviceIdOf(inform.deviceId);
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const match = /^used_memory:(\d+)/m.exec(info);
  if (!match) throw new Error('INFO memory has no used_memory');
  return Number(match[1]);
}

async function waitForOutboxes(redis: Redis, deviceIds: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pipeline = redis.pipeline();
    for (const deviceId of deviceIds) pipeline.exists(REDIS_KEYS.outbox(deviceId));
    const results = (await pipeline.exec()) ?? [];
    const missing = results.filter(([, exists]) => exists !== 1).length;
    if (missing === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${missing} held sessions got no END from the orchestrator`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function memoryUsage(redis: Redis, key: string): Promise<number> {
  return Number((await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0);
}

export async function measureHeldSessions(options: {
  url: string;
  redis: Redis;
  sessions: number;
  serialPattern: string;
  password: string;
  concurrency: number;
}): Promise<HeldSessionsFigures> {
  const { redis } = options;
  const before = await usedMemory(redis);
  const deviceIds: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.sessions) {
      const ordinal = next++;
      const serial = formatSerial(options.serialPattern, ordinal);
      deviceIds.push(await openSession(options.url, serial, ordinal, options.password));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  // The orchestrator's END lands in each outbox a moment after the InformResponse.
  await waitForOutboxes(redis, deviceIds, 30_000);
  const after = await usedMemory(redis);

  const sample = deviceIds[0] as string;
  const [nonceKey] = (
    await redis.scan('0', 'MATCH', `${CPE_AUTH_REDIS_KEY_PREFIX}nc:*`, 'COUNT', 1000)
  )[1];
  const keyBytes: Record<string, number> = {
    lock: await memoryUsage(redis, REDIS_KEYS.lock(sample)),
    record: await memoryUsage(redis, REDIS_KEYS.session(sample)),
    outbox: await memoryUsage(redis, REDIS_KEYS.outbox(sample)),
    ...(nonceKey ? { digestNonceCount: await memoryUsage(redis, nonceKey) } : {}),
    // One per client address in production; every simulated CPE here shares 127.0.0.1.
    clientBinding: await memoryUsage(redis, REDIS_KEYS.clientSession('127.0.0.1')),
  };
  return {
    sessions: deviceIds.length,
    bytesPerSession: (after - before) / deviceIds.length,
    keyBytes,
  };
}

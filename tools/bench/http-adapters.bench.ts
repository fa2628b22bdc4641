/**
 * bench:http-adapters — which HTTP stack should carry the CWMP gateway under NestJS? Four servers
 * answer the same CWMP periodic exchange (see http-adapters/cwmp-exchange.ts): Nest on Express,
 * Nest on Fastify, a Nest application context beside a plain node:http server, and the floor, a
 * bare node:http server. Each runs alone in a child process, driven by the same load generator
 * from this process; rounds are interleaved and the median round is reported, with the ratio to
 * the floor measured in the same run (absolute figures drift on shared machines; ratios hold).
 * `_ratio` is sessions/s over the floor's; `_cpu_ratio` is the floor's server CPU time per session
 * over this server's, i.e. the share of the floor's capacity per core it keeps.
 *
 * Environment: BENCH_CPES (concurrent virtual CPEs, 32), BENCH_DURATION_MS (per server and round,
 * 3000), BENCH_WARMUP_MS (per server start, 1000), BENCH_ROUNDS (3).
 */
import { ChildProcess, fork } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { INFORM_RESPONSE_BYTES } from './http-adapters/cwmp-exchange';
import { driveCwmpSessions, quantile } from './http-adapters/cwmp-load';
import type { FromServer, ToServer } from './http-adapters/server-process';
import { median } from './gateway/report';
import { SERVER_KINDS, ServerKind } from './http-adapters/servers';
import { positiveIntegerEnv } from './support/env';

const CPES = positiveIntegerEnv('BENCH_CPES', 32);
const DURATION_MS = positiveIntegerEnv('BENCH_DURATION_MS', 3000);
const WARMUP_MS = positiveIntegerEnv('BENCH_WARMUP_MS', 1000);
const ROUNDS = positiveIntegerEnv('BENCH_ROUNDS', 3);
const FLOOR: ServerKind = 'node-http';
const CHILD_TIMEOUT_MS = 30_000;

const informBody = readFileSync(
  join(import.meta.dirname, '../../libs/cwmp/codec/src/fixtures/cpe/Inform/tr181-boot.xml'),
);

/** One server child process, spoken to over IPC. */
class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static start(kind: ServerKind): Promise<ServerProcess> {
    const child = fork(join(import.meta.dirname, 'http-adapters/server-process.ts'), [kind], {
      execArgv: process.execArgv, // the swc-node loader this script runs under
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`${kind} did not start within ${CHILD_TIMEOUT_MS} ms`));
      }, CHILD_TIMEOUT_MS);
      child.once('exit', (code) =>
        reject(new Error(`${kind} exited with ${code} before listening`)),
      );
      child.once('message', (message: FromServer) => {
        clearTimeout(timer);
        if (message.type === 'listening') resolve(new ServerProcess(child, message.port));
        else
          reject(
            new Error(
              `${kind} failed to start: ${message.type === 'failed' ? message.message : message.type}`,
            ),
          );
      });
    });
  }

  /** CPU time (user + system) the server process has used so far, in microseconds. */
  cpuMicroseconds(): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('server did not report its CPU time')),
        CHILD_TIMEOUT_MS,
      );
      this.child.once('message', (message: FromServer) => {
        clearTimeout(timer);
        if (message.type === 'cpu') resolve(message.microseconds);
        else reject(new Error(`expected a CPU report, got ${message.type}`));
      });
      this.child.send({ type: 'cpu' } satisfies ToServer);
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.child.connected) return resolve(); // already exited (or killed)
      const timer = setTimeout(() => this.child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.send({ type: 'stop' } satisfies ToServer);
    });
  }
}

interface RoundFigures {
  sessionsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  serverCpuUsPerSession: number;
}

/** Starts `kind`, warms it up, measures one round, stops it. */
async function measureRound(kind: ServerKind): Promise<RoundFigures> {
  const server = await ServerProcess.start(kind);
  try {
    await driveCwmpSessions({ port: server.port, cpes: CPES, durationMs: WARMUP_MS, informBody });
    const cpuBefore = await server.cpuMicroseconds();
    const load = await driveCwmpSessions({
      port: server.port,
      cpes: CPES,
      durationMs: DURATION_MS,
      informBody,
    });
    const cpuAfter = await server.cpuMicroseconds();
    return {
      sessionsPerSecond: load.sessions / (load.elapsedMs / 1000),
      p50Ms: quantile(load.latenciesMs, 0.5),
      p99Ms: quantile(load.latenciesMs, 0.99),
      serverCpuUsPerSession: (cpuAfter - cpuBefore) / load.sessions,
    };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `payloads: Inform ${informBody.length} B (tr181-boot fixture), InformResponse ${INFORM_RESPONSE_BYTES} B; ` +
      `${CPES} virtual CPEs, ${ROUNDS} interleaved rounds x ${DURATION_MS} ms per server after ${WARMUP_MS} ms warm-up, median round`,
  );
  const rounds = new Map<ServerKind, RoundFigures[]>(SERVER_KINDS.map((kind) => [kind, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round so that no server always runs right after the same neighbour.
    const order = SERVER_KINDS.map(
      (_, i) => SERVER_KINDS[(i + round) % SERVER_KINDS.length] as ServerKind,
    );
    for (const kind of order) {
      const figures = await measureRound(kind);
      rounds.get(kind)?.push(figures);
      console.log(
        `round ${round + 1} ${kind}: ${figures.sessionsPerSecond.toFixed(0)} sessions/s, ` +
          `p50 ${figures.p50Ms.toFixed(2)} ms, p99 ${figures.p99Ms.toFixed(2)} ms, ` +
          `server CPU ${figures.serverCpuUsPerSession.toFixed(0)} us/session`,
      );
    }
  }
  const medians = new Map(
    [...rounds].map(([kind, list]) => [
      kind,
      {
        sessionsPerSecond: median(list.map((r) => r.sessionsPerSecond)),
        p50Ms: median(list.map((r) => r.p50Ms)),
        p99Ms: median(list.map((r) => r.p99Ms)),
        serverCpuUsPerSession: median(list.map((r) => r.serverCpuUsPerSession)),
      },
    ]),
  );
  const floor = medians.get(FLOOR) as RoundFigures;
  for (const [kind, figures] of medians) {
    const name = kind.replaceAll('-', '_');
    console.log(`${name}_sessions_per_s ${figures.sessionsPerSecond.toFixed(0)}`);
    console.log(`${name}_p50_ms ${figures.p50Ms.toFixed(2)}`);
    console.log(`${name}_p99_ms ${figures.p99Ms.toFixed(2)}`);
    console.log(`${name}_server_cpu_us_per_session ${figures.serverCpuUsPerSession.toFixed(0)}`);
    // Server CPU per session is the steadier figure: the fast servers saturate the load generator
    // (one core) before their own, so their sessions/s partly measure the client.
    const cpuRatio = floor.serverCpuUsPerSession / figures.serverCpuUsPerSession;
    console.log(`${name}_cpu_ratio ${cpuRatio.toFixed(2)}`);
    console.log(
      `${name}_ratio ${(figures.sessionsPerSecond / floor.sessionsPerSecond).toFixed(2)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { hasExited, OutputTail, spawnTracked, stopChild } from './child-processes';
import { buildNative } from './native-build';

export interface KafkaMockClusterOptions {
  /** Number of brokers, ids 1..brokers. Default 3. */
  brokers?: number;
  /** How long to wait for the bootstrap line. Default 20 s. */
  startTimeoutMs?: number;
}

/**
 * librdkafka's mock cluster: real Kafka wire protocol on loopback, with fault injection.
 * Gap of librdkafka 2.0.2: it reports controller id 0, which is no broker, so kafkajs calls routed
 * to the controller fail (admin.createTopics, the idempotent producer's InitProducerId). Create
 * topics with createTopic() and keep producers `idempotent: false` against the mock.
 */
export interface KafkaMockCluster {
  /** Bootstrap addresses, `127.0.0.1:port`, broker 1 first. */
  readonly brokers: string[];
  readonly pid: number;
  createTopic(name: string, partitions: number, replicationFactor?: number): Promise<void>;
  /** Disconnects the broker and refuses new connections; partition leadership does not move. */
  brokerDown(brokerId: number): Promise<void>;
  brokerUp(brokerId: number): Promise<void>;
  /** The next requests with this API key (e.g. 0 = Produce) fail with these error codes. */
  pushRequestErrors(apiKey: number, errorCodes: readonly number[]): Promise<void>;
  /** Delays every response of the broker by `rttMs`. */
  setRtt(brokerId: number, rttMs: number): Promise<void>;
  stop(): Promise<void>;
}

const LAUNCHER = {
  name: 'kafka-mock-cluster',
  libs: ['-lrdkafka'],
  installHint: 'librdkafka headers and library are needed: apt-get install -y librdkafka-dev',
};

interface PendingReply {
  command: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Starts the launcher (native/kafka-mock-cluster.c, compiled on first use). It exits when its
 * stdin closes and, via PR_SET_PDEATHSIG, when this process dies, so it never outlives the test.
 */
export async function startKafkaMockCluster(
  options: KafkaMockClusterOptions = {},
): Promise<KafkaMockCluster> {
  const brokerCount = options.brokers ?? 3;
  requireInteger('brokers', brokerCount, 1);
  const timeoutMs = options.startTimeoutMs ?? 20_000;
  const binary = await buildNative(LAUNCHER);
  const child = spawnTracked('kafka mock cluster', () =>
    spawn(binary, [String(brokerCount), String(process.pid)], { stdio: ['pipe', 'pipe', 'pipe'] }),
  );
  const tail = new OutputTail();
  createInterface({ input: child.stderr }).on('line', (line) => tail.push(line));
  // Writing to a launcher that just died raises EPIPE here; its exit rejects the pending reply.
  child.stdin.on('error', () => undefined);

  const pending: PendingReply[] = [];
  const lines = createInterface({ input: child.stdout });
  const stop = (): Promise<void> => stopChild(child, () => child.stdin.end());

  let brokers: string[];
  try {
    brokers = await new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`kafka mock cluster not ready after ${timeoutMs} ms:\n${tail}`)),
        timeoutMs,
      );
      lines.once('line', (line) => {
        clearTimeout(timer);
        const match = /^BOOTSTRAP (\S+)$/.exec(line);
        if (match?.[1]) resolve(match[1].split(','));
        else reject(new Error(`kafka mock cluster: unexpected first line ${line}\n${tail}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`kafka mock cluster exited (${signal ?? code}) on start:\n${tail}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }

  lines.on('line', (line) => {
    const reply = pending.shift();
    if (!reply) return;
    if (line.startsWith('OK')) reply.resolve();
    else reply.reject(new Error(`kafka mock cluster: "${reply.command}" failed: ${line}`));
  });
  child.once('exit', (code, signal) => {
    const error = new Error(`kafka mock cluster exited (${signal ?? code}):\n${tail}`);
    for (const reply of pending.splice(0)) reply.reject(error);
  });

  // Replies come back in command order, so a FIFO of pending promises pairs them up.
  const send = (command: string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (hasExited(child) || !child.stdin.writable) {
        reject(new Error(`kafka mock cluster is stopped; cannot run "${command}"`));
        return;
      }
      pending.push({ command, resolve, reject });
      child.stdin.write(`${command}\n`);
    });

  return {
    brokers,
    pid: child.pid ?? -1,
    createTopic: async (name, partitions, replicationFactor = 1) => {
      if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new RangeError(`bad topic name "${name}"`);
      requireInteger('partitions', partitions, 1);
      requireInteger('replicationFactor', replicationFactor, 1);
      await send(`topic ${name} ${partitions} ${replicationFactor}`);
    },
    brokerDown: async (brokerId) => send(`down ${requireInteger('brokerId', brokerId, -1)}`),
    brokerUp: async (brokerId) => send(`up ${requireInteger('brokerId', brokerId, -1)}`),
    pushRequestErrors: async (apiKey, errorCodes) => {
      requireInteger('apiKey', apiKey, 0);
      errorCodes.forEach((code) => requireInteger('errorCode', code, -1));
      await send(`errors ${apiKey} ${errorCodes.length} ${errorCodes.join(' ')}`.trimEnd());
    },
    setRtt: async (brokerId, rttMs) =>
      send(`rtt ${requireInteger('brokerId', brokerId, -1)} ${requireInteger('rttMs', rttMs, 0)}`),
    stop,
  };
}

function requireInteger(what: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${what} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

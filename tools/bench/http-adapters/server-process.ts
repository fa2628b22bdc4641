/**
 * Child process entry of bench:http-adapters: runs one server (kind in argv[2]) so that it has a
 * core of its own and a fresh heap and JIT, and answers the parent over IPC:
 * `{ type: 'cpu' }` gets this process's CPU time so far, `{ type: 'stop' }` closes and exits.
 */
import { SERVER_KINDS, ServerKind, startServer } from './servers';

export type ToServer = { type: 'cpu' } | { type: 'stop' };
export type FromServer =
  | { type: 'listening'; port: number }
  | { type: 'cpu'; microseconds: number }
  | { type: 'failed'; message: string };

function send(message: FromServer): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const kind = process.argv[2];
  if (!SERVER_KINDS.includes(kind as ServerKind)) {
    throw new Error(
      `unknown server kind ${String(kind)}; expected one of ${SERVER_KINDS.join(', ')}`,
    );
  }
  const server = await startServer(kind as ServerKind);
  process.on('message', (message: ToServer) => {
    if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ type: 'cpu', microseconds: user + system });
    } else {
      void server.close().finally(() => process.exit(0));
    }
  });
  // The parent going away (crash, Ctrl-C) must not leave this server behind.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'listening', port: server.port });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});

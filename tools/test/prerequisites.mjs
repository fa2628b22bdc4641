// What the tests need that npm does not bring: Debian's redis-server (and redis-cli), librdkafka
// (the mock cluster kept for injected faults), a C compiler (the harness's small helpers), a C++
// compiler, make and Python (native modules, and the image build of deploy/docker/Dockerfile),
// HAProxy (the load balancer of the scaled-topology suite), Java and Maven (the Apache Kafka
// brokers, resolved from Maven Central by the harness) and Go (FerretDB, built from the Go
// module proxy by the harness). Installs the Debian packages that are missing, with sudo when not
// root; Go is not taken from Debian (too old), so a missing one is an error with a hint.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const onPath = (command) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

const NEEDS = [
  { present: () => onPath('redis-server') && onPath('redis-cli'), packages: ['redis-server'] },
  {
    present: () => existsSync('/usr/include/librdkafka/rdkafka_mock.h'),
    packages: ['librdkafka-dev'],
  },
  { present: () => onPath('cc'), packages: ['gcc', 'libc6-dev'] },
  // The native modules' build (npm ci), and the image build the Dockerfile test replays, which
  // checks that this machine has what the image's build stage installs.
  {
    present: () => onPath('g++') && onPath('make') && onPath('python3'),
    packages: ['g++', 'make', 'python3'],
  },
  { present: () => onPath('haproxy'), packages: ['haproxy'] },
  { present: () => onPath('java'), packages: ['openjdk-17-jre-headless'] },
  { present: () => onPath('mvn'), packages: ['maven'] },
];

/** Installs what is missing; exits the process when that fails. */
export function ensureTestPrerequisites(who) {
  const missing = NEEDS.filter((need) => !need.present()).flatMap((need) => need.packages);
  if (missing.length > 0) {
    console.log(`${who}: apt-get install ${missing.join(' ')}`);
    const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
    const run = (args) =>
      spawnSync(sudo.length ? 'sudo' : args[0], sudo.length ? args : args.slice(1), {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    for (const args of [
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '-qq', ...missing],
    ]) {
      const result = run(args);
      if (result.status !== 0) {
        console.error(`${who}: "${args.join(' ')}" failed`);
        process.exit(result.status ?? 1);
      }
    }
  }
  if (!onPath('go')) {
    console.error(`${who}: Go 1.22 or newer is needed to build FerretDB (https://go.dev/dl/)`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureTestPrerequisites('prerequisites');

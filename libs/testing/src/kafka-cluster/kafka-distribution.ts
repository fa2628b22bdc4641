import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { findExecutable } from '../child-processes';
import { nativeCacheDir } from '../native-build';

const execFileAsync = promisify(execFile);

const KAFKA_SOURCES = resolve(import.meta.dirname, '../../native/kafka');

/**
 * The broker version the harness runs unless ACS_TEST_KAFKA_VERSION says otherwise. kafkajs 2.2.4
 * speaks to the 4.x line (admin, idempotent producer, groups; see docs/architecture.md).
 */
export const DEFAULT_KAFKA_VERSION = '4.4.0';

export interface KafkaDistribution {
  readonly version: string;
  /** `java -cp` argument: every jar of the broker and its dependencies. */
  readonly classpath: string;
  /** The log4j2 configuration the brokers log with. */
  readonly log4jConfig: string;
}

const resolving = new Map<string, Promise<KafkaDistribution>>();

/**
 * The jars of Apache Kafka `version` from Maven Central, resolved by Maven once into the harness
 * cache (node_modules/.cache/acs-testing/kafka-<version>-<pom hash>). Concurrent callers, in this
 * process or others, each resolve into a temp dir and rename it into place, which is atomic.
 */
export function kafkaDistribution(
  version = process.env['ACS_TEST_KAFKA_VERSION'] ?? DEFAULT_KAFKA_VERSION,
): Promise<KafkaDistribution> {
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    return Promise.reject(new RangeError(`Kafka version must be x.y.z, got "${version}"`));
  }
  let distribution = resolving.get(version);
  if (!distribution) {
    distribution = resolveJars(version);
    resolving.set(version, distribution);
    distribution.catch(() => resolving.delete(version));
  }
  return distribution;
}

async function resolveJars(version: string): Promise<KafkaDistribution> {
  const pom = join(KAFKA_SOURCES, 'pom.xml');
  const hash = createHash('sha256')
    .update(await readFile(pom))
    .digest('hex')
    .slice(0, 12);
  const dir = join(nativeCacheDir(), `kafka-${version}-${hash}`);
  const distribution: KafkaDistribution = {
    version,
    classpath: join(dir, '*'),
    log4jConfig: join(KAFKA_SOURCES, 'log4j2.properties'),
  };
  if (await hasJars(dir)) return distribution;

  if (!findExecutable('mvn')) {
    throw new Error('Maven (mvn) is needed to fetch the Kafka broker: apt-get install -y maven');
  }
  if (!findExecutable('java')) throw new Error('Java 17 is needed to run the Kafka broker');
  const temp = `${dir}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await mkdir(temp, { recursive: true });
  try {
    await execFileAsync(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        pom,
        `-Dkafka.version=${version}`,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${temp}`,
        '-DincludeScope=runtime',
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    await rename(temp, dir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process got there first with the same jars.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      await rm(temp, { recursive: true, force: true });
    });
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`Could not resolve Apache Kafka ${version} with Maven:\n${stdout}${stderr}`);
  }
  if (!(await hasJars(dir))) throw new Error(`Maven resolved no Kafka ${version} jars into ${dir}`);
  return distribution;
}

async function hasJars(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).some((file) => /^kafka_2\.13-.*\.jar$/.test(file));
  } catch {
    return false;
  }
}

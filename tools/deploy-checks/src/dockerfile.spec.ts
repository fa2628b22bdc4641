import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TOPICS } from '@acs/contracts';
import { signedDownloadPath } from '@acs/firmware-domain';
import {
  attachKafkaCluster,
  explicitMongoServer,
  FERRETDB_WRITES_PER_COMMAND,
  freePort,
  scratchMongoDatabase,
  startRedisServer,
  secretKeysEnv,
} from '@acs/testing';
import { answers200, runContainer, runHealthcheck, type Container } from './dockerfile/container';
import { DockerIgnore } from './dockerfile/dockerignore';
import { ImageBuilder, type BuiltStage } from './dockerfile/image-builder';
import { LayerCache } from './dockerfile/layer-cache';
import { readDockerfile } from './dockerfile/parse';
import { chainOf, effective, finalTargets, healthcheckArgv } from './dockerfile/targets';

const ROOT = resolve(import.meta.dirname, '../../..');
const dockerfile = readDockerfile(join(ROOT, 'deploy/docker/Dockerfile'));
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};

/** The images that serve nothing to probe: the simulator and the topic job. */
const CLIENTS = ['cpe-sim', 'kafka-topics'];
const SERVICES = ['gateway', 'inventory', 'provisioning', 'firmware', 'acs'];
/** A Node LTS line (even major, 22 or later) pinned to a release, on Debian's slim image. */
const PINNED_NODE_LTS = /^node:(\d+)\.\d+\.\d+-bookworm-slim$/;

describe('deploy/docker/Dockerfile: what the images are', () => {
  const targets = finalTargets(dockerfile);

  it('has a target per app and one for the topic job, every stage from a pinned Node LTS', () => {
    expect([...targets].sort()).toEqual([...SERVICES, ...CLIENTS].sort());
    for (const stage of dockerfile.stages.filter((s) => !targets.includes(s.from))) {
      if (dockerfile.stages.some((other) => other.name === stage.from)) continue;
      const major = Number(PINNED_NODE_LTS.exec(stage.from)?.[1]);
      expect({ stage: stage.name, lts: major >= 22 && major % 2 === 0 }).toEqual({
        stage: stage.name,
        lts: true,
      });
    }
  });

  it.each(targets)('%s runs as a non-root user, without build steps or tools', (target) => {
    const chain = chainOf(dockerfile, target);
    const user = effective(chain, 'USER')?.args ?? 'root';
    expect(user).not.toMatch(/^(root|0)(:.*)?$/);
    // Its chain starts from the slim image and runs nothing: no compiler, no npm, no apt-get.
    // What it holds comes from the install and build stages by COPY --from.
    const instructions = chain.flatMap((stage) => stage.instructions);
    expect(instructions.filter((i) => i.keyword === 'RUN')).toEqual([]);
    for (const copy of instructions.filter((i) => i.keyword === 'COPY')) {
      expect(copy.flags['from']).toMatch(/^(prod-deps|build)$/);
      expect(copy.args).toMatch(/^\/src\/(package\.json|node_modules|dist\/\S+) \S+$/);
    }
    expect(chain[0]?.from).toMatch(PINNED_NODE_LTS);
  });

  it.each(SERVICES)('%s has a HEALTHCHECK that asks /healthz with node, no curl', (target) => {
    const check = effective(chainOf(dockerfile, target), 'HEALTHCHECK');
    const argv = check && healthcheckArgv(check);
    expect(argv?.[0]).toBe('node');
    expect(argv?.join(' ')).toMatch(/fetch\(.*\/healthz/);
  });

  it.each(CLIENTS)('%s says it has no health check (it serves nothing)', (target) => {
    expect(effective(chainOf(dockerfile, target), 'HEALTHCHECK')?.args).toBe('NONE');
  });
});

describe('deploy/docker/Dockerfile built in a clean directory, each image started', () => {
  let workDir: string;
  const images = new Map<string, BuiltStage>();
  const containers: Container[] = [];
  const image = (target: string) => {
    const built = images.get(target);
    if (!built) throw new Error(`${target} was not built`);
    return built;
  };
  const start = (target: string, env: Record<string, string>, args?: string[]) => {
    const container = runContainer(image(target), env, args);
    containers.push(container);
    return container;
  };

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'acs-image-'));
    const builder = new ImageBuilder({
      dockerfile,
      context: ROOT,
      ignore: DockerIgnore.read(join(ROOT, '.dockerignore')),
      workDir,
      layerCache: LayerCache.fromEnv(),
    });
    const started = performance.now();
    for (const target of finalTargets(dockerfile)) images.set(target, await builder.build(target));
    const lines = builder.steps.map(
      (s) => `  ${s.stage} line ${s.line}: ${s.outcome}, ${s.seconds} s`,
    );
    const total = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`image contents built in ${total} s:\n${lines.join('\n')}`);
    // The first run on a machine installs everything (minutes); then the install layers are cached.
  }, 1_800_000);

  afterAll(async () => {
    await Promise.all(containers.map((container) => container.stop()));
    // Some 100,000 hard links: unlinking them takes half a minute on a loaded machine, which
    // no test needs to wait for.
    if (workDir) spawn('rm', ['-rf', workDir], { detached: true, stdio: 'ignore' }).unref();
  }, 120_000);

  it.each([...SERVICES, ...CLIENTS])(
    '%s holds package.json, the production install and its own build only',
    (target) => {
      const app = join(image(target).root, image(target).config.workdir);
      expect(readdirSync(app).sort()).toEqual(['dist', 'node_modules', 'package.json']);
      const devPackages = Object.keys(packageJson.devDependencies).filter((name) =>
        existsSync(join(app, 'node_modules', name)),
      );
      expect(devPackages).toEqual([]);
      expect(existsSync(join(app, 'node_modules', 'libxmljs2'))).toBe(true);
      const built = readdirSync(join(app, 'dist', target === 'kafka-topics' ? 'tools' : 'apps'));
      expect(built).toHaveLength(1);
    },
  );

  it('the all-in-one app starts alone on its embedded stores, passes its HEALTHCHECK, and cpe-sim runs a session against it', async () => {
    const dataDir = mkdtempSync(join(workDir, 'acs-data-'));
    const [cwmpPort, opsPort] = [await freePort(), await freePort()];
    const env = {
      ACS_DATA_DIR: dataDir,
      CWMP_HOST: '127.0.0.1',
      NBI_HOST: '127.0.0.1',
      CWMP_PORT: String(cwmpPort),
      NBI_PORT: String(await freePort()),
      CWMP_OPS_PORT: String(opsPort),
      FIRMWARE_FILE_HOST: '127.0.0.1',
      FIRMWARE_FILE_PORT: String(await freePort()),
    };
    const acs = start('acs', env);
    await answers200(`http://127.0.0.1:${opsPort}/healthz`, acs);
    expect(await runHealthcheck(image('acs'), env)).toBe(0);
    // The same check against a port nothing listens on fails: it is not a check that cannot.
    const closed = { ...env, CWMP_OPS_PORT: String(await freePort()) };
    expect(await runHealthcheck(image('acs'), closed)).not.toBe(0);

    // The simulator image, as the compose stack's simulator profile runs it.
    const acsUrl = `http://127.0.0.1:${cwmpPort}/`;
    const sim = start('cpe-sim', {}, ['--acs', acsUrl, '--devices', '1', '--duration', '8']);
    expect(await sim.exited()).toBe(0);
    expect(sim.output()).toMatch(/sessions ok:\s+1\b/);
    await acs.stop();
  }, 180_000);

  it('kafka-topics creates the topics; gateway, inventory, provisioning and firmware start on Redis, Kafka and MongoDB and pass their HEALTHCHECK', async () => {
    const redis = await startRedisServer();
    const kafka = await attachKafkaCluster();
    const mongo = await scratchMongoDatabase('dockerfile');
    const topicNames = Object.values(TOPICS).map((topic) => kafka.topic(topic));
    try {
      const topics = start('kafka-topics', {
        ...kafka.env,
        KAFKA_REPLICATION_FACTOR: String(kafka.info.replicationFactor),
        KAFKA_MIN_INSYNC_REPLICAS: String(kafka.info.minInsyncReplicas),
        KAFKA_SESSION_EVENTS_PARTITIONS: '2',
        KAFKA_DEVICE_CHANGES_PARTITIONS: '1',
        KAFKA_EVENTS_PARTITIONS: '1',
        KAFKA_COMMANDS_PARTITIONS: '1',
        KAFKA_COMMAND_RESULTS_PARTITIONS: '1',
      });
      expect({ code: await topics.exited(), output: topics.output() }).toEqual({
        code: 0,
        output: expect.stringContaining(kafka.topic(TOPICS.sessionEvents)),
      });

      const common = { REDIS_URL: redis.url, ...kafka.env, KAFKA_MAX_WAIT_MS: '100' };
      const stores = {
        MONGODB_URI: mongo.uri,
        ...secretKeysEnv(),
        ...(explicitMongoServer()
          ? {}
          : { MONGODB_WRITES_PER_COMMAND: String(FERRETDB_WRITES_PER_COMMAND) }),
      };
      const [gatewayOps, inventoryOps, provisioningOps, firmwareOps, filePort] = [
        await freePort(),
        await freePort(),
        await freePort(),
        await freePort(),
        await freePort(),
      ];
      // Provisioning signs restore URLs for the firmware file server: one origin, one secret.
      const firmwareFiles = {
        FIRMWARE_FILE_URL: `http://127.0.0.1:${filePort}`,
        FIRMWARE_GRANT_SECRET: 'g'.repeat(32),
      };
      const services = [
        {
          target: 'gateway',
          ops: gatewayOps,
          env: {
            ...common,
            CWMP_HOST: '127.0.0.1',
            CWMP_PORT: String(await freePort()),
            CWMP_OPS_PORT: String(gatewayOps),
            CWMP_AUTH: 'none',
            CWMP_NONCE_SECRET: 'n'.repeat(64),
          },
        },
        {
          target: 'inventory',
          ops: inventoryOps,
          env: { ...common, ...stores, OPS_HOST: '127.0.0.1', OPS_PORT: String(inventoryOps) },
        },
        {
          target: 'provisioning',
          ops: provisioningOps,
          env: {
            ...common,
            ...stores,
            OPS_HOST: '127.0.0.1',
            OPS_PORT: String(provisioningOps),
            NBI_HOST: '127.0.0.1',
            NBI_PORT: String(await freePort()),
            ...firmwareFiles,
          },
        },
        {
          target: 'firmware',
          ops: firmwareOps,
          env: {
            ...common,
            ...stores,
            ...firmwareFiles,
            OPS_HOST: '127.0.0.1',
            OPS_PORT: String(firmwareOps),
            FIRMWARE_FILE_HOST: '127.0.0.1',
            FIRMWARE_FILE_PORT: String(filePort),
          },
        },
      ];
      await Promise.all(
        services.map(async ({ target, ops, env }) => {
          const container = start(target, env);
          // Ready means its Kafka, Redis and MongoDB answer it, from the image's files alone.
          await answers200(`http://127.0.0.1:${ops}/readyz`, container);
          if (target === 'firmware') {
            // Its file server is up on the CPE-facing port and checks grants with the secret it
            // was given: signed for a file it has not, 404; signed with another key, 403.
            const expiresAt = Math.floor(Date.now() / 1000) + 600;
            const grant = { fileId: 'absent', deviceId: 'dev-1', expiresAt };
            const signed = (secret: string) =>
              `${firmwareFiles.FIRMWARE_FILE_URL}${signedDownloadPath(grant, { current: secret })}`;
            expect((await fetch(signed(firmwareFiles.FIRMWARE_GRANT_SECRET))).status).toBe(404);
            expect((await fetch(signed('another-secret-of-32-characters!'))).status).toBe(403);
          }
          expect({ target, healthcheck: await runHealthcheck(image(target), env) }).toEqual({
            target,
            healthcheck: 0,
          });
          await container.stop();
        }),
      );
    } finally {
      const admin = kafka.client('dockerfile-spec').admin();
      await admin.connect();
      await admin.deleteTopics({ topics: topicNames }).catch(() => undefined);
      await admin.disconnect();
      await kafka.detach();
      await mongo.drop();
      await redis.stop();
    }
  }, 300_000);
});

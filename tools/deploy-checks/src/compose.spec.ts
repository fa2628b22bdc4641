import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { COMPOSE_FILE, loadCompose, type ComposeProject, type ComposeService } from './compose';
import { readDockerfile } from './dockerfile/parse';
import { chainOf, effective, finalTargets } from './dockerfile/targets';

const ROOT = resolve(import.meta.dirname, '../../..');
const dockerfile = readDockerfile(join(ROOT, 'deploy/docker/Dockerfile'));
const composeText = readFileSync(COMPOSE_FILE, 'utf8');

/** The Dockerfile target's HEALTHCHECK, which a service built from it inherits. */
function imageHealthcheck(service: ComposeService): boolean {
  const target = service.build?.target;
  if (!target) return false;
  const check = effective(chainOf(dockerfile, target), 'HEALTHCHECK');
  return check !== undefined && check.args !== 'NONE';
}

const dependents = (project: ComposeProject, name: string) =>
  Object.values(project.services).flatMap((service) => {
    const dependency = service.depends_on?.[name];
    return dependency ? [dependency.condition] : [];
  });

describe('docker-compose.yml', () => {
  let scratch: string;
  let platform: ComposeProject;
  let everything: ComposeProject;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'compose-check-'));
    // The first run builds compose-check from the Go module proxy (about a minute); then cached.
    platform = await loadCompose(COMPOSE_FILE);
    everything = await loadCompose(COMPOSE_FILE, ['*']);
  }, 600_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** The compose file with one edit, written beside nothing (its paths need not resolve). */
  const edited = (from: string, to: string) => {
    expect(composeText).toContain(from);
    const file = join(scratch, `edited-${Math.random().toString(36).slice(2)}.yml`);
    writeFileSync(file, composeText.replace(from, to));
    return file;
  };

  it('is valid under the Compose Specification, with and without the simulator profile', () => {
    expect(Object.keys(platform.services)).not.toContain('simulator');
    expect(Object.keys(everything.services).sort()).toEqual(
      [...Object.keys(platform.services), 'simulator'].sort(),
    );
  });

  it('refuses a misspelt key and a dependency on a service that does not exist', async () => {
    await expect(loadCompose(edited('    healthcheck:', '    healthchek:'))).rejects.toThrow(
      /healthchek/,
    );
    await expect(
      loadCompose(
        edited(
          'kafka-1: { condition: service_healthy }',
          'kafka-9: { condition: service_healthy }',
        ),
      ),
    ).rejects.toThrow(/kafka-9/);
  }, 120_000);

  it('starts Kafka as three KRaft brokers, MongoDB as a replica set, the topics by a job', () => {
    const brokers = Object.entries(everything.services).filter(([, s]) =>
      s.image?.startsWith('apache/kafka:'),
    );
    expect(brokers).toHaveLength(3);
    for (const [, broker] of brokers) {
      expect(broker.environment).toMatchObject({
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_MIN_INSYNC_REPLICAS: '2',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      });
    }
    expect(everything.services['kafka-init']?.build?.target).toBe('kafka-topics');
    expect(everything.services['kafka-init']?.environment?.['KAFKA_REPLICATION_FACTOR']).toBe('3');
    expect(JSON.stringify(everything.services['mongodb-init'])).toContain('rs.initiate');
    for (const name of ['gateway', 'inventory', 'provisioning', 'firmware']) {
      expect(everything.services[name]?.depends_on).toMatchObject({
        'kafka-init': { condition: 'service_completed_successfully' },
        'mongodb-init': { condition: 'service_completed_successfully' },
        redis: { condition: 'service_healthy' },
      });
    }
  });

  it('gives every service a health check, but one-shot jobs and clients nothing waits on', () => {
    const unchecked = Object.entries(everything.services).filter(([name, service]) => {
      if (service.healthcheck?.test && !service.healthcheck.disable) return false;
      if (imageHealthcheck(service)) return false;
      const waits = dependents(everything, name);
      const oneShot =
        service.restart === 'no' &&
        waits.length > 0 &&
        waits.every((c) => c === 'service_completed_successfully');
      const client = waits.length === 0 && (service.ports ?? []).length === 0;
      return !(oneShot || client);
    });
    expect(unchecked.map(([name]) => name)).toEqual([]);
    // What anyone waits on being healthy has a check to wait for.
    for (const [name, service] of Object.entries(everything.services)) {
      if (dependents(everything, name).includes('service_healthy'))
        expect({
          name,
          checked: Boolean(service.healthcheck?.test) || imageHealthcheck(service),
        }).toEqual({ name, checked: true });
    }
  });

  it('serves firmware files on a port CPEs reach, signed with the secret provisioning shares', () => {
    const firmware = platform.services['firmware']?.environment ?? {};
    const provisioning = platform.services['provisioning']?.environment ?? {};
    const secret = firmware['FIRMWARE_GRANT_SECRET'] ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(16);
    // Provisioning signs restore URLs the firmware file server must accept, at its origin.
    expect(provisioning['FIRMWARE_GRANT_SECRET']).toBe(secret);
    expect(provisioning['FIRMWARE_FILE_URL']).toBe(firmware['FIRMWARE_FILE_URL']);
    const origin = new URL(firmware['FIRMWARE_FILE_URL'] ?? '');
    expect(origin.origin).toBe(firmware['FIRMWARE_FILE_URL']);
    // The URL's port is the host's, published on every interface (not 127.0.0.1 alone), and
    // leads to the port the file server listens on.
    const published = platform.services['firmware']?.ports?.find(
      (port) => port.published === origin.port,
    );
    expect(published).toEqual({
      mode: 'ingress',
      target: Number(firmware['FIRMWARE_FILE_PORT']),
      published: origin.port,
      protocol: 'tcp',
    });
  });

  it('builds each platform service from a target of deploy/docker/Dockerfile', () => {
    const targets = finalTargets(dockerfile);
    for (const service of Object.values(everything.services)) {
      if (!service.build) continue;
      expect(service.build.dockerfile).toBe('deploy/docker/Dockerfile');
      expect(relative(ROOT, service.build.context)).toBe('');
      expect(targets).toContain(service.build.target);
    }
  });

  it('mounts only files and directories the repository has', () => {
    const binds = Object.values(everything.services).flatMap((service) =>
      (service.volumes ?? []).filter((volume) => volume.type === 'bind'),
    );
    expect(binds.length).toBeGreaterThan(0);
    for (const bind of binds) {
      const source = bind.source ?? '';
      expect({ source, inRepo: !relative(ROOT, source).startsWith('..') }).toEqual({
        source,
        inRepo: true,
      });
      expect({ source, exists: existsSync(source) }).toEqual({ source, exists: true });
    }
  });

  it('has Prometheus scrape every platform service on its ops port', () => {
    const config = readFileSync(join(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8');
    const targets = [...config.matchAll(/^\s+- targets: \['([^']+)'\]/gm)].map((m) => m[1]);
    for (const [name, service] of Object.entries(platform.services)) {
      const env = service.environment ?? {};
      const ops = env['CWMP_OPS_PORT'] ?? env['OPS_PORT'];
      if (service.build && ops) expect(targets).toContain(`${name}:${ops}`);
    }
    expect(config).toContain('- /etc/prometheus/rules/*.yml');
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { deviceIdOf, TOPICS } from '@acs/contracts';
import { simulatedFirmwareImage, Simulator } from '@acs/cpe-simulator';
import { signedDownloadPath, type GrantSecrets } from '@acs/firmware-domain';
import {
  FERRETDB_WRITES_PER_COMMAND,
  freePort,
  kafkaClient,
  OperatorApi,
  scratchMongoDatabase,
  startKafkaCluster,
  startRedisServer,
  startServiceProcess,
  secretKeysEnv,
} from '@acs/testing';
import type { ScrapeTarget } from './prometheus-server';

const NAMESPACE = 'acs-check';
const PREFIX = 'check.';
const OUI = '0253AC';
const PRODUCT_CLASS = 'SimGateway-181';
const SERIAL = 'CHK%05d';
/** Newer than any version the simulated CPEs run. */
const IMAGE_VERSION = '99.0.0';
const serialOf = (ordinal: number) => `CHK${String(ordinal).padStart(5, '0')}`;
const deviceOf = (ordinal: number) =>
  deviceIdOf({ oui: OUI, productClass: PRODUCT_CLASS, serialNumber: serialOf(ordinal) });

export interface CheckStack {
  targets: ScrapeTarget[];
  /** Starts simulated CPEs (periodic informs) and the work below, until `stop`. */
  drive(devices: number): Promise<void>;
  /** What the drive did so far, for the report. */
  driven(): Record<string, number>;
  stop(): Promise<void>;
}

/**
 * The scaled platform as deployed, each service its own process: gateway, inventory,
 * provisioning and firmware on redis-server, a real 3-broker Kafka cluster and MongoDB
 * (FerretDB). Each with the Kubernetes labels the chart's ServiceMonitors give it.
 */
export async function startCheckStack(log: (line: string) => void): Promise<CheckStack> {
  const stoppers: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const stopper of stoppers.reverse()) await stopper().catch(() => undefined);
  };
  try {
    const [redis, kafka, mongo] = await Promise.all([
      startRedisServer(),
      startKafkaCluster(),
      scratchMongoDatabase('check-dashboards'),
    ]);
    stoppers.push(
      () => redis.stop(),
      () => kafka.stop(),
      () => mongo.drop(),
    );
    log(`redis, kafka (${kafka.brokers.length} brokers), mongodb up`);
    const admin = kafkaClient(kafka, 'check-dashboards-admin').admin();
    await admin.connect();
    await admin.createTopics({
      topics: Object.values(TOPICS).map((topic) => ({
        topic: `${PREFIX}${topic}`,
        numPartitions: topic === TOPICS.sessionEvents || topic === TOPICS.deviceChanges ? 4 : 2,
        replicationFactor: kafka.info.replicationFactor,
      })),
      waitForLeaders: true,
    });
    await admin.disconnect();

    const common = {
      REDIS_URL: redis.url,
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_NAME_PREFIX: PREFIX,
      MONGODB_URI: mongo.uri,
      ...secretKeysEnv(),
      MONGODB_WRITES_PER_COMMAND: String(FERRETDB_WRITES_PER_COMMAND),
      KAFKA_MAX_WAIT_MS: '100',
    };
    const [cwmpPort, gatewayOps, inventoryOps, provisioningOps, nbiPort, firmwareOps, filePort] =
      await Promise.all(Array.from({ length: 7 }, () => freePort()));
    // The file server's origin and key: firmware signs and checks with them, provisioning signs
    // restore URLs with them.
    const fileOrigin = `http://127.0.0.1:${filePort}`;
    const firmwareFiles = {
      FIRMWARE_FILE_URL: fileOrigin,
      FIRMWARE_GRANT_SECRET: randomBytes(32).toString('hex'),
    };
    /** What a forger signs with: not the service's key. */
    const forgersKey: GrantSecrets = { current: randomBytes(32).toString('hex') };
    const gateway = await startServiceProcess({
      entry: 'apps/cwmp-gateway/src/main.ts',
      env: {
        ...common,
        CWMP_HOST: '127.0.0.1',
        CWMP_PORT: String(cwmpPort),
        CWMP_OPS_PORT: String(gatewayOps),
        CWMP_AUTH: 'none',
        CWMP_NONCE_SECRET: 'a'.repeat(64),
      },
      ready: (output) => output.includes('gateway-started'),
    });
    stoppers.push(() => gateway.stop());
    const inventory = await startServiceProcess({
      entry: 'apps/inventory/src/main.ts',
      env: { ...common, OPS_PORT: String(inventoryOps), OPS_HOST: '127.0.0.1' },
      ready: (output) => output.includes('inventory started'),
    });
    stoppers.push(() => inventory.stop());
    const provisioning = await startServiceProcess({
      entry: 'apps/provisioning/src/main.ts',
      env: {
        ...common,
        NBI_PORT: String(nbiPort),
        NBI_HOST: '127.0.0.1',
        OPS_PORT: String(provisioningOps),
        OPS_HOST: '127.0.0.1',
        PROVISIONING_RETRY_DELAY_MS: '200',
        ...firmwareFiles,
      },
      ready: (output) => output.includes('"ready"'),
    });
    stoppers.push(() => provisioning.stop(30_000));
    const adminKey = /"adminKey":"([^"]+)"/.exec(provisioning.output())?.[1];
    if (!adminKey)
      throw new Error(`no admin key in provisioning's output:\n${provisioning.output()}`);
    const apiUrl = `http://127.0.0.1:${nbiPort}/api/v1`;
    const api = new OperatorApi(apiUrl, adminKey);
    log('gateway, inventory, provisioning up');

    const firmware = await startServiceProcess({
      entry: 'apps/firmware/src/main.ts',
      env: {
        ...common,
        ...firmwareFiles,
        FIRMWARE_FILE_HOST: '127.0.0.1',
        FIRMWARE_FILE_PORT: String(filePort),
        OPS_PORT: String(firmwareOps),
        OPS_HOST: '127.0.0.1',
        FIRMWARE_CAMPAIGN_TICK_MS: '500',
      },
      ready: (output) => output.includes('"ready"'),
    });
    stoppers.push(() => firmware.stop());
    log('firmware up');

    // An image for the simulated model, through the operator API into GridFS.
    const image = await api.expect<{ id: string }>(201, 'POST', '/firmware/images', {
      version: IMAGE_VERSION,
      fileType: '1 Firmware Upgrade Image',
      rules: { ouis: [OUI], productClasses: [PRODUCT_CLASS] },
    });
    const stored = await fetch(`${apiUrl}/firmware/images/${image.id}/content`, {
      method: 'PUT',
      headers: { ...api.authorization, 'content-type': 'application/octet-stream' },
      body: simulatedFirmwareImage({ version: IMAGE_VERSION, size: 4 * 1024 * 1024 }),
    });
    if (stored.status !== 200) throw new Error(`image upload: ${stored.status}`);

    const simulators: Simulator[] = [];
    stoppers.push(() => Promise.all(simulators.map((simulator) => simulator.stop())));
    const counts = {
      tasks: 0,
      commands: 0,
      campaignDevices: 0,
      downloads: 0,
      refusedDownloads: 0,
      apiRefusals: 0,
    };
    let driving = false;
    const producer = kafkaClient(kafka, 'check-dashboards-oss').producer();
    await producer.connect();
    stoppers.push(() => producer.disconnect());

    /** One round of the work an operator, an OSS and CPEs fetching firmware cause. */
    const workRound = async (
      round: number,
      devices: number,
      simulator: Simulator,
      campaignId: string,
    ) => {
      const ordinal = round % devices;
      // Tasks: every third one asks for a parameter no CPE has (a CWMP fault, a failed task).
      const parameter = round % 3 === 0 ? 'Device.NoSuchThing.' : 'Device.DeviceInfo.';
      await api.expect(201, 'POST', `/devices/${encodeURIComponent(deviceOf(ordinal))}/tasks`, {
        type: 'getParameterValues',
        payload: { parameterNames: [parameter] },
        ...(round % 5 === 0 ? { connectionRequest: true } : {}),
      });
      simulator.device(serialOf(ordinal)).informNow('6 CONNECTION REQUEST');
      counts.tasks++;
      // An OSS command on acs.commands.
      const commandId = `check-${randomUUID()}`;
      await producer.send({
        topic: `${PREFIX}${TOPICS.commands}`,
        acks: -1,
        messages: [
          {
            key: commandId,
            value: JSON.stringify({
              schemaVersion: 1,
              commandId,
              type: 'connectionRequest',
              deviceId: deviceOf(ordinal),
            }),
          },
        ],
      });
      counts.commands++;
      // A CPE presenting a grant it forged (the campaign's CPEs fetch the image with real ones).
      const expiresAt = Math.floor(Date.now() / 1000) + 600;
      const forged = signedDownloadPath(
        { fileId: image.id, deviceId: deviceOf(ordinal), expiresAt },
        forgersKey,
      );
      const refused = await fetch(`${fileOrigin}${forged}`);
      await refused.arrayBuffer();
      if (refused.status === 403) counts.refusedDownloads++;
      // How many of the campaign's CPEs fetched the image so far.
      const campaign = await api.expect<{ devices: Record<string, number> }>(
        200,
        'GET',
        `/firmware/campaigns/${campaignId}`,
      );
      counts.downloads =
        (campaign.devices['transferred'] ?? 0) + (campaign.devices['confirmed'] ?? 0);
      // An operator without a key.
      if ((await fetch(`${apiUrl}/devices`)).status === 401) counts.apiRefusals++;
    };

    return {
      targets: [
        {
          job: 'acs-gateway',
          address: `127.0.0.1:${gatewayOps}`,
          namespace: NAMESPACE,
          pod: 'acs-gateway-0',
        },
        {
          job: 'acs-inventory',
          address: `127.0.0.1:${inventoryOps}`,
          namespace: NAMESPACE,
          pod: 'acs-inventory-0',
        },
        {
          job: 'acs-provisioning',
          address: `127.0.0.1:${provisioningOps}`,
          namespace: NAMESPACE,
          pod: 'acs-provisioning-0',
        },
        {
          job: 'acs-firmware',
          address: `127.0.0.1:${firmwareOps}`,
          namespace: NAMESPACE,
          pod: 'acs-firmware-0',
        },
      ],
      drive: async (devices) => {
        const simulator = new Simulator({
          acsUrl: `http://127.0.0.1:${cwmpPort}/`,
          devices,
          profile: 'tr181',
          serialPattern: SERIAL,
          periodicEnabled: true,
          periodicIntervalSeconds: 10,
          connectionRequests: { host: '127.0.0.1' },
          concurrency: 32,
          retryDelayMs: () => 500,
        });
        simulators.push(simulator);
        await simulator.start();
        await api.until(
          () => api.expect<{ total: number }>(200, 'GET', '/devices?limit=0&total=true'),
          ({ total }) => total === devices,
          60_000,
        );
        // A campaign to the image over the whole fleet, paced to take about ten minutes so that
        // it is still running when the panels are read (its devices' series last only while it
        // is): the CPEs fetch the image from the firmware service's file server at their next
        // Inform.
        const campaign = await api.expect<{ campaign: { id: string }; devices: number }>(
          201,
          'POST',
          '/firmware/campaigns',
          {
            name: 'check-dashboards',
            imageId: image.id,
            target: { kind: 'filter', filter: { productClass: PRODUCT_CLASS } },
            plan: {
              mode: 'passive',
              waves: { kind: 'equal', count: 1 },
              maxInFlight: 10,
              maxPerMinute: Math.max(1, Math.floor(devices / 10)),
              stopRules: [],
              retries: { max: 0, backoffSeconds: 1 },
              confirmTimeoutSeconds: 120,
            },
          },
        );
        counts.campaignDevices = campaign.devices;
        driving = true;
        const loop = (async () => {
          for (let round = 0; driving; round++) {
            await workRound(round, devices, simulator, campaign.campaign.id).catch(
              (error: unknown) => log(`work round ${round} failed: ${String(error)}`),
            );
            await new Promise((resolve) => setTimeout(resolve, 1_000));
          }
        })();
        // Stopped first (stoppers run last-in first-out): no round meets a closed producer.
        stoppers.push(async () => {
          driving = false;
          await loop;
        });
      },
      driven: () => ({ ...counts, sessionsOk: simulators[0]?.stats().sessionsOk ?? 0 }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

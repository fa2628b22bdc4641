// The operator API's device queries on both device stores: one fleet seeded into the embedded
// store and into the MongoDB one (the harness's FerretDB, or the server MONGODB_URI names), one
// API started on each, and every query of the table asked of both over HTTP. The answers must be
// the same (devices, order, projected fields, totals, cursors) and the ones the fleet, described
// below as plain data, says: expectations are computed here in plain JavaScript.
import { InProcessEventBus } from '@acs/event-bus';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { validatorFor } from '@acs/contracts';
import { DeviceStore, EmbeddedDeviceStore, MongoDeviceStore } from '@acs/device-store';
import { StoreInventoryWrites } from '@acs/inventory-writes';
import { NbiStores, openEmbeddedNbiStores } from '@acs/nbi-data-access';
import { openEmbeddedProvisioningStores, ProvisioningStores } from '@acs/provisioning-data-access';
import { FERRETDB_WRITES_PER_COMMAND, useMongoServer } from '@acs/testing';
import { createNbiApp, NbiApp } from '../bootstrap/create-nbi-app';
import { ROUTES } from '../http/routes';
import {
  expectedOrder,
  LISTING,
  QUERIES,
  SOFTWARE,
  tagged,
  tr181,
  type QueryCase,
} from '../test-support/device-query-cases';
import {
  describeFleet,
  FLEET_SIZE,
  minutes,
  seedFleet,
  wifiPaths,
  type FleetDevice,
} from '../test-support/query-fleet';

// ------------------------------------------------------------------------------- the API, twice

interface Page {
  devices: { deviceId: string; [field: string]: unknown }[];
  total?: number;
  nextCursor?: string;
}

type Params = Record<string, unknown>;

const checkPage = validatorFor(ROUTES.listDevices.response);

/** One operator API on one device store, with a read-only key. */
class ApiOnStore {
  private constructor(
    readonly name: string,
    private readonly app: NbiApp,
    private readonly key: string,
    private readonly stop: () => Promise<void>,
  ) {}

  static async start(name: string, devices: DeviceStore, dataDir: string): Promise<ApiOnStore> {
    const nbiStores: NbiStores = openEmbeddedNbiStores(join(dataDir, `${name}-nbi`));
    const provisioning: ProvisioningStores = openEmbeddedProvisioningStores(
      join(dataDir, `${name}-provisioning`),
    );
    const { secret } = await nbiStores.apiKeys.create({ name: 'queries', role: 'read-only' });
    const app = await createNbiApp({
      stores: {
        devices,
        inventory: new StoreInventoryWrites(devices),
        tasks: provisioning.tasks,
        apiKeys: nbiStores.apiKeys,
        auditLog: nbiStores.auditLog,
      },
      auditEvents: new InProcessEventBus(),
      port: 0,
      host: '127.0.0.1',
      logger: false,
    });
    return new ApiOnStore(name, app, secret, async () => {
      await app.close();
      await nbiStores.close();
      await provisioning.close();
    });
  }

  /** GET /api/v1/devices: JSON parameters as JSON, the others as text. A 200 with a valid page. */
  async list(params: Params): Promise<Page> {
    const query = new URLSearchParams(
      Object.entries(params).map(([name, value]): [string, string] => [
        name,
        typeof value === 'string' ? value : JSON.stringify(value),
      ]),
    );
    const response = await fetch(`${this.app.url}/api/v1/devices?${query}`, {
      headers: { authorization: `Bearer ${this.key}` },
    });
    const text = await response.text();
    if (response.status !== 200) {
      throw new Error(`${this.name}: GET /devices?${query}: ${response.status} ${text}`);
    }
    const body = JSON.parse(text) as unknown;
    const checked = checkPage(body);
    if (!checked.ok)
      throw new Error(`${this.name}: not a DevicePage: ${checked.errors.join('; ')}`);
    return body as Page;
  }

  /**
   * Every page from the first to the one without a nextCursor, as a client pages: the total asked
   * on the first page only (counting again on every page costs a scan on FerretDB).
   */
  async pages(params: Params, limit: number): Promise<Page[]> {
    const pages: Page[] = [];
    let cursor: string | undefined;
    do {
      if (pages.length > FLEET_SIZE) throw new Error(`${this.name}: paging does not end`);
      const page = await this.list({
        ...params,
        limit,
        ...(cursor ? { cursor, total: false } : {}),
      });
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor);
    return pages;
  }

  close(): Promise<void> {
    return this.stop();
  }
}

const queryParams = (query: QueryCase): Params => ({
  filter: query.filter,
  ...(query.sort ? { sort: query.sort } : {}),
  ...(query.projection === null ? {} : { projection: query.projection ?? LISTING }),
});
/** A query on FerretDB that the indexes do not answer alone takes seconds (far more when loaded). */
const QUERY_TIMEOUT_MS = 180_000;

const idsOf = (page: Page) => page.devices.map((d) => d.deviceId);

// ---------------------------------------------------------------------------------------- suite

describe('device queries through the operator API, embedded store and MongoDB alike', () => {
  // Outside the inner describe: its afterAll (dropping the database) runs after the inner one's.
  const mongo = useMongoServer();

  describe(`a fleet of ${FLEET_SIZE} devices on both stores`, () => {
    const fleet = describeFleet();
    const byId = new Map(fleet.map((d) => [d.deviceId, d]));
    let dataDir = '';
    let embeddedStore: EmbeddedDeviceStore | undefined;
    let mongoStore: MongoDeviceStore | undefined;
    let embedded: ApiOnStore;
    let onMongo: ApiOnStore;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'nbi-queries-'));
      embeddedStore = new EmbeddedDeviceStore({ directory: join(dataDir, 'devices') });
      mongoStore = await MongoDeviceStore.connect(mongo.uri, {
        dbName: mongo.databaseName('nbi-queries'),
        writesPerCommand: FERRETDB_WRITES_PER_COMMAND,
      });
      await Promise.all([seedFleet(embeddedStore, fleet), seedFleet(mongoStore, fleet)]);
      embedded = await ApiOnStore.start('embedded', embeddedStore, dataDir);
      onMongo = await ApiOnStore.start('mongo', mongoStore, dataDir);
    }, 180_000);

    afterAll(async () => {
      await embedded?.close();
      await onMongo?.close();
      await embeddedStore?.close();
      await mongoStore?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }, 120_000);

    it('holds the fleet the queries count on', () => {
      // Absolute counts, so that two stores answering nothing alike cannot pass.
      const count = (name: string) => fleet.filter((QUERIES[name] as QueryCase).matches).length;
      expect(new Set(fleet.map((d) => d.deviceId)).size).toBe(FLEET_SIZE);
      expect(count('equality on productClass')).toBe(48);
      expect(count('a tag')).toBe(35);
      expect(count('untagged: tags $size 0')).toBe(15);
      expect(count('$ne on online')).toBe(60);
      // Every filter but the few meant to take nothing takes some devices.
      const wrong = Object.entries(QUERIES)
        .filter(([, query]) => fleet.some(query.matches) === Boolean(query.none))
        .map(([name]) => name);
      expect(wrong).toEqual([]);
    });

    it(
      'answers a few queries with the counts known from the seed',
      async () => {
        for (const api of [embedded, onMongo]) {
          const total = async (filter: Params) => (await api.list({ filter, limit: 0 })).total;
          expect({ store: api.name, total: await total({}) }).toEqual({
            store: api.name,
            total: 240,
          });
          expect(await total({ productClass: 'F670L' })).toBe(48);
          expect(await total({ tags: 'lab' })).toBe(35);
          expect(await total({ online: false })).toBe(60);
          expect(await total({ [SOFTWARE]: '0.9.0' })).toBe(0);
          expect(await total({ dataModelRoot: 'InternetGatewayDevice.' })).toBe(24);
        }
      },
      QUERY_TIMEOUT_MS,
    );

    it.each(Object.entries(QUERIES))(
      '%s: one page, the same on both stores and as the fleet says',
      async (_, query) => {
        const params = { ...queryParams(query), limit: 1000 };
        const [fromEmbedded, fromMongo] = await Promise.all([
          embedded.list(params),
          onMongo.list(params),
        ]);
        const expected = expectedOrder(fleet, query);
        expect(idsOf(fromEmbedded)).toEqual(expected);
        expect(fromEmbedded.total).toBe(expected.length);
        expect(fromEmbedded.nextCursor).toBeUndefined();
        expect(fromMongo).toEqual(fromEmbedded);
      },
      QUERY_TIMEOUT_MS,
    );

    it.each(Object.entries(QUERIES))(
      '%s: cursor paging visits every match once, page by page alike',
      async (_, query) => {
        const expected = expectedOrder(fleet, query);
        // About four pages, the last one short.
        const limit = Math.max(2, Math.ceil(expected.length / 4) + 1);
        const [fromEmbedded, fromMongo] = await Promise.all([
          embedded.pages(queryParams(query), limit),
          onMongo.pages(queryParams(query), limit),
        ]);
        const seen = fromEmbedded.flatMap(idsOf);
        expect(seen).toEqual(expected);
        expect(new Set(seen).size).toBe(seen.length);
        expect(fromEmbedded.length).toBe(Math.max(1, Math.ceil(expected.length / limit)));
        expect(fromEmbedded.map((page) => page.total)).toEqual(
          fromEmbedded.map((_, i) => (i === 0 ? expected.length : undefined)),
        );
        // Same pages, same totals, same cursors.
        expect(fromMongo).toEqual(fromEmbedded);
      },
      QUERY_TIMEOUT_MS,
    );

    it(
      'projects the summary fields asked for, and nothing else',
      async () => {
        const query = QUERIES['projection of summary fields'] as QueryCase;
        const { devices } = await onMongo.list({ ...queryParams(query), limit: 1000 });
        expect(devices.length).toBeGreaterThan(0);
        for (const device of devices) {
          const d = byId.get(device.deviceId) as FleetDevice;
          expect(device).toEqual({
            deviceId: d.deviceId,
            oui: d.oui,
            productClass: d.productClass,
            online: d.online,
            tags: d.tags,
            lastInform: d.lastInform,
            periodicInformInterval: d.periodicInformInterval,
            ...(d.lastBoot ? { lastBoot: d.lastBoot } : {}),
          });
        }
      },
      QUERY_TIMEOUT_MS,
    );

    it(
      'projects parameters and subtrees, with their values',
      async () => {
        const query = QUERIES['projection of a parameter and a subtree'] as QueryCase;
        const { devices } = await onMongo.list({ ...queryParams(query), limit: 1000 });
        expect(devices.length).toBeGreaterThan(0);
        for (const device of devices) {
          const d = byId.get(device.deviceId) as FleetDevice;
          expect(Object.keys(device).filter((k) => k !== 'parameters' && k !== 'lastBoot')).toEqual(
            ['deviceId'],
          );
          expect(device['lastBoot']).toBe(d.lastBoot);
          const parameters = (device['parameters'] ?? {}) as Record<string, { value?: unknown }>;
          const root = d.dataModelRoot;
          const wifi = wifiPaths('Device.');
          const paths = [
            `${root}DeviceInfo.SoftwareVersion`,
            ...(tr181(d) ? [wifi.object, wifi.enable, ...(d.ssid ? [wifi.ssid] : [])] : []),
          ];
          expect(Object.keys(parameters).sort()).toEqual(paths.sort());
          expect(parameters[`${root}DeviceInfo.SoftwareVersion`]?.value).toBe(d.softwareVersion);
          if (tr181(d)) expect(parameters[wifi.ssid]?.value).toBe(d.ssid);
        }
      },
      QUERY_TIMEOUT_MS,
    );

    it(
      'returns whole devices without the connection-request password',
      async () => {
        const query = QUERIES['whole devices'] as QueryCase;
        const { devices } = await onMongo.list({ ...queryParams(query), limit: 1000 });
        expect(devices.length).toBeGreaterThan(0);
        for (const device of devices) {
          const d = byId.get(device.deviceId) as FleetDevice;
          expect(device).toMatchObject({
            serialNumber: d.serialNumber,
            manufacturer: 'Acme',
            firstSeen: d.upgraded ? minutes(500 + d.n) : d.lastInform,
            connectionRequest: { url: `http://10.0.${d.n % 250}.1:7547/cr`, username: `cr-${d.n}` },
          });
          expect(JSON.stringify(device)).not.toContain('cr-secret');
        }
      },
      QUERY_TIMEOUT_MS,
    );

    it(
      'pages by offset alike, and counts alone with limit 0',
      async () => {
        const query = QUERIES['sort lastInform desc (ties)'] as QueryCase;
        const expected = expectedOrder(fleet, query);
        for (const skip of [0, 1, 37, 299, 300, 500]) {
          const params = { ...queryParams(query), projection: 'lastInform', limit: 40, skip };
          const [fromEmbedded, fromMongo] = await Promise.all([
            embedded.list(params),
            onMongo.list(params),
          ]);
          expect(idsOf(fromEmbedded)).toEqual(expected.slice(skip, skip + 40));
          expect(fromMongo).toEqual(fromEmbedded);
        }
        // A skip given with a cursor counts from the cursor.
        const first = await embedded.list({ ...queryParams(query), limit: 10 });
        const after = { ...queryParams(query), limit: 10, skip: 5, cursor: first.nextCursor };
        const [fromEmbedded, fromMongo] = await Promise.all([
          embedded.list(after),
          onMongo.list(after),
        ]);
        expect(idsOf(fromEmbedded)).toEqual(expected.slice(15, 25));
        expect(fromMongo).toEqual(fromEmbedded);

        const counted = { filter: { tags: 'east' }, limit: 0 };
        const [countEmbedded, countMongo] = await Promise.all([
          embedded.list(counted),
          onMongo.list(counted),
        ]);
        expect(countEmbedded).toEqual({ devices: [], total: fleet.filter(tagged('east')).length });
        expect(countMongo).toEqual(countEmbedded);

        const noTotal = { filter: { tags: 'east' }, limit: 5, total: false };
        const [pageEmbedded, pageMongo] = await Promise.all([
          embedded.list(noTotal),
          onMongo.list(noTotal),
        ]);
        expect(pageEmbedded.total).toBeUndefined();
        expect(pageMongo).toEqual(pageEmbedded);
      },
      QUERY_TIMEOUT_MS,
    );
  });
});

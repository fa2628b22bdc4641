import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { AddressInfo } from 'net';
import { EmbeddedDeviceStore } from '@acs/device-store';
import { StoreInventoryWrites } from '@acs/inventory-writes';
import { NbiStores, openEmbeddedNbiStores } from '@acs/nbi-data-access';
import {
  openEmbeddedProvisioningStores,
  type ProvisioningStores,
} from '@acs/provisioning-data-access';
import { NbiModule, NbiStoreSet } from '../nbi.module';
import { buildOpenApiDocument } from '../openapi/openapi-document';
import { InProcessEventBus } from '@acs/event-bus';
import { createNbiApp, DEFAULT_NBI_PORT } from './create-nbi-app';
import { ensureAdminKey } from './ensure-admin-key';

describe('NBI bootstrap', () => {
  let dataDir: string;
  let devices: EmbeddedDeviceStore;
  let nbiStores: NbiStores;
  let provisioningStores: ProvisioningStores;
  let stores: NbiStoreSet;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'nbi-boot-'));
    devices = new EmbeddedDeviceStore({ directory: join(dataDir, 'devices') });
    nbiStores = openEmbeddedNbiStores(join(dataDir, 'nbi'));
    provisioningStores = openEmbeddedProvisioningStores(join(dataDir, 'provisioning'));
    stores = {
      devices,
      inventory: new StoreInventoryWrites(devices),
      ...nbiStores,
      tasks: provisioningStores.tasks,
    };
  });
  afterEach(async () => {
    await devices.close();
    await nbiStores.close();
    await provisioningStores.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on 7557 unless told otherwise', async () => {
    expect(DEFAULT_NBI_PORT).toBe(7557);
    // Another process on this shared machine may hold 7557: then the attempt must fail on it.
    const started = createNbiApp({
      stores,
      auditEvents: new InProcessEventBus(),
      host: '127.0.0.1',
      logger: false,
    });
    const outcome = await started.then(
      async (nbi) => {
        await nbi.close();
        return { port: nbi.port, url: nbi.url };
      },
      (error: NodeJS.ErrnoException & { port?: number }) => ({
        code: error.code,
        port: error.port,
      }),
    );
    expect([
      { port: 7557, url: 'http://127.0.0.1:7557' },
      { code: 'EADDRINUSE', port: 7557 },
    ]).toContainEqual(outcome);
  });

  it('creates an admin key on first start only, and that key administers the API', async () => {
    const secret = await ensureAdminKey(nbiStores.apiKeys);
    expect(secret).toMatch(/^acs_/);
    expect(await ensureAdminKey(nbiStores.apiKeys)).toBeNull();

    const nbi = await createNbiApp({
      stores,
      auditEvents: new InProcessEventBus(),
      port: 0,
      host: '127.0.0.1',
      logger: false,
    });
    try {
      const response = await fetch(`${nbi.url}/api/v1/api-keys`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      expect(response.status).toBe(200);
      const { apiKeys } = (await response.json()) as { apiKeys: { name: string; role: string }[] };
      expect(apiKeys).toEqual([expect.objectContaining({ name: 'initial-admin', role: 'admin' })]);
    } finally {
      await nbi.close();
    }
  });

  it('keeps its first-start key across restarts: a reopened store is not empty', async () => {
    await ensureAdminKey(nbiStores.apiKeys);
    await nbiStores.close();
    nbiStores = openEmbeddedNbiStores(join(dataDir, 'nbi'));
    expect(await ensureAdminKey(nbiStores.apiKeys)).toBeNull();
  });

  it('serves its OpenAPI document at /api-docs without a key', async () => {
    const nbi = await createNbiApp({
      stores,
      auditEvents: new InProcessEventBus(),
      port: 0,
      host: '127.0.0.1',
      logger: false,
    });
    try {
      const response = await fetch(`${nbi.url}/api-docs`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(response.headers.get('x-powered-by')).toBeNull();
      // Started without provisioning's or firmware's stores: the document leaves their routes out.
      expect(await response.json()).toEqual(
        JSON.parse(JSON.stringify(buildOpenApiDocument({ provisioning: false, firmware: false }))),
      );
    } finally {
      await nbi.close();
    }
  });

  it('mounts in a host application beside its other modules, stores from the host', async () => {
    @Controller('host')
    class HostController {
      @Get('ping')
      ping() {
        return { pong: true };
      }
    }
    const HOST_STORES = 'HOST_STORES';
    @Module({ providers: [{ provide: HOST_STORES, useValue: stores }], exports: [HOST_STORES] })
    class StoresModule {}
    @Module({
      imports: [
        NbiModule.forRootAsync({
          imports: [StoresModule],
          inject: [HOST_STORES],
          useFactory: (host: NbiStoreSet) => ({
            stores: host,
            auditEvents: new InProcessEventBus(),
          }),
        }),
      ],
      controllers: [HostController],
    })
    class HostModule {}

    const { secret } = await nbiStores.apiKeys.create({ name: 'host-reader', role: 'read-only' });
    const app = await NestFactory.create(HostModule, new ExpressAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      // The host's own routes are not behind the API's keys...
      expect((await fetch(`${base}/host/ping`)).status).toBe(200);
      // ...and the API's are, with its error format, even though the host parses JSON bodies.
      expect((await fetch(`${base}/api/v1/devices`)).status).toBe(401);
      const listed = await fetch(`${base}/api/v1/devices`, { headers: { 'x-api-key': secret } });
      expect(await listed.json()).toEqual({ devices: [], total: 0 });
      const bad = await fetch(`${base}/api/v1/tasks?limit=x`, { headers: { 'x-api-key': secret } });
      expect(await bad.json()).toMatchObject({ error: 'validation-failed', field: 'limit' });
    } finally {
      await app.close();
    }
  });
});

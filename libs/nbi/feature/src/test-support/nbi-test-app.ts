import type { SecretKeyring } from '@acs/secrets';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { EmbeddedDeviceStore, type DeviceReads } from '@acs/device-store';
import { StoreInventoryWrites } from '@acs/inventory-writes';
import { InProcessEventBus, type EventPublisher } from '@acs/event-bus';
import {
  ApiKeyRole,
  NbiStores,
  openEmbeddedNbiStores,
  type AuditEntry,
  type AuditLog,
} from '@acs/nbi-data-access';
import { openEmbeddedProvisioningStores, ProvisioningStores } from '@acs/provisioning-data-access';
import { openEmbeddedFirmwareStores, type FirmwareStores } from '@acs/firmware-data-access';
import { validatorFor, type FirmwareEvent } from '@acs/contracts';
import type { OidcSettings } from '../auth/oidc/oidc-settings';
import { createNbiApp, NbiApp } from '../bootstrap/create-nbi-app';
import { EndpointDef } from '../http/endpoint';
import type { NbiLimits } from '../limits/nbi-limits';
import type { NbiMetrics } from '../metrics/nbi-metrics';
import type { NbiLog } from '../transport/nbi-log';
import { ROUTES } from '../http/routes';
import type { NbiConnectionRequests } from '../use-cases/connection-request-use-cases';
import type { ProvisioningChangeHook } from '../use-cases/provisioning-change';
import { informOf, SeedDevice } from './devices';

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body. */
  body: unknown;
}

export interface RequestOptions {
  /** An API key sent as `Authorization: Bearer`; none when absent. */
  key?: string;
  /** JSON-encoded unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/**
 * The API over real HTTP on a free port, on the real embedded stores in a temporary directory,
 * with one key per role.
 */
export interface TestNbi {
  app: NbiApp;
  devices: EmbeddedDeviceStore;
  nbiStores: NbiStores;
  /** Tasks always; configurations, presets and subscribers are served with `provisioning: true`. */
  provisioningStores: ProvisioningStores;
  /** Served with `firmware`; opened always, on the embedded stores. */
  firmwareStores: FirmwareStores;
  /** Firmware events the routes published, in order. */
  firmwareEvents: FirmwareEvent[];
  /** The in-process bus audit entries go to when no `auditEvents` was given. */
  auditBus: InProcessEventBus;
  keys: Record<ApiKeyRole, string>;
  keyIds: Record<ApiKeyRole, string>;
  /** The newest `count` outcome entries of the audit log (intents left out), newest first. */
  auditOutcomes(count: number): Promise<AuditEntry[]>;
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
  seed(...devices: SeedDevice[]): Promise<void>;
  close(): Promise<void>;
}

const documentedResponses = (Object.values(ROUTES) as EndpointDef[]).map((def) => ({
  def,
  pattern: new RegExp(`^/api/v1${def.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`),
  validators: new Map(
    [{ status: def.status, response: def.response }, ...(def.answers ?? [])].map((answer) => [
      answer.status as number,
      answer.response ? validatorFor(answer.response) : null,
    ]),
  ),
}));

/**
 * Holds every successful answer, and every alternative answer a route documents (202, 429, 503
 * with a body of their own), to what the OpenAPI document says of it: status and body schema.
 * Every API test thereby checks the document too.
 */
function checkAgainstDocument(method: string, path: string, response: ApiResponse): void {
  const route = documentedResponses.find(
    ({ def, pattern }) => def.method === method && pattern.test(path.split('?')[0] ?? ''),
  );
  if (!route) return;
  if (!route.validators.has(response.status)) {
    if (response.status >= 300) return; // an error answer: the Error schema, checked by the tests
    throw new Error(
      `${method} ${path}: ${response.status}, documented ${[...route.validators.keys()].join(', ')}`,
    );
  }
  const checked = route.validators.get(response.status)?.(response.body);
  if (checked && !checked.ok) {
    throw new Error(
      `${method} ${path}: answer differs from its schema: ${checked.errors.join('; ')}`,
    );
  }
}

export interface TestNbiOptions {
  /** Serve the provisioning routes, on embedded provisioning stores. */
  provisioning?: boolean;
  onProvisioningChange?: ProvisioningChangeHook;
  connectionRequests?: NbiConnectionRequests;
  /**
   * Serve the firmware routes, taking images up to this size, on `stores` when given (the
   * caller's to close), else on the embedded stores.
   */
  firmware?: { maxImageBytes: number; stores?: FirmwareStores };
  /** Single sign-on against a test identity provider (test-support/test-identity-provider). */
  oidc?: OidcSettings;
  /** Request budgets and the fleet-scan bound; none when absent. */
  limits?: NbiLimits;
  /** HTTPS with these files (read again when they change, looked at every `reloadCheckMs`). */
  tls?: { certFile: string; keyFile: string; reloadCheckMs: number };
  /** Where the transport reports; silent when absent. */
  log?: NbiLog;
  metrics?: NbiMetrics;
  /** The device reads the API is given, from the store's (to hold a query in flight). */
  wrapDevices?: (devices: DeviceReads) => DeviceReads;
  /** Where audit entries are published (acs.audit): the in-process bus `auditBus` unless given. */
  auditEvents?: EventPublisher;
  /** The audit log in place of the embedded one (the caller's to close). */
  auditLog?: AuditLog;
  /** Opens secret values for the reveal route; seeded secrets are sealed with it. */
  secretKeyring?: SecretKeyring;
}

export async function startTestNbi(options: TestNbiOptions = {}): Promise<TestNbi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nbi-api-'));
  const devices = new EmbeddedDeviceStore({ directory: join(dataDir, 'devices') });
  const nbiStores = openEmbeddedNbiStores(join(dataDir, 'nbi'));
  // Tasks are provisioning's: its stores are opened always, its routes served only on request.
  const provisioningStores = openEmbeddedProvisioningStores(join(dataDir, 'provisioning'));
  const firmwareStores = openEmbeddedFirmwareStores(join(dataDir, 'firmware'));
  // What the firmware routes announce (campaign started, paused, ...), kept for the tests to read.
  const firmwareEvents: FirmwareEvent[] = [];
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const keys = {} as Record<ApiKeyRole, string>;
  const keyIds = {} as Record<ApiKeyRole, string>;
  for (const role of ['read-only', 'operator', 'admin'] as const) {
    const { apiKey, secret } = await nbiStores.apiKeys.create({ name: `test-${role}`, role });
    keys[role] = secret;
    keyIds[role] = apiKey.id;
  }
  const auditBus = new InProcessEventBus();
  const app = await createNbiApp({
    auditEvents: options.auditEvents ?? auditBus,
    stores: {
      devices: options.wrapDevices ? options.wrapDevices(devices) : devices,
      inventory: new StoreInventoryWrites(devices),
      tasks: provisioningStores.tasks,
      apiKeys: nbiStores.apiKeys,
      auditLog: options.auditLog ?? nbiStores.auditLog,
      ...(options.provisioning ? { provisioning: provisioningStores } : {}),
    },
    ...(options.onProvisioningChange ? { onProvisioningChange: options.onProvisioningChange } : {}),
    ...(options.connectionRequests ? { connectionRequests: options.connectionRequests } : {}),
    ...(options.firmware
      ? {
          firmware: {
            ...(options.firmware.stores ?? firmwareStores),
            maxImageBytes: options.firmware.maxImageBytes,
            events: { publish: async (event: FirmwareEvent) => void firmwareEvents.push(event) },
            log: quiet,
          },
        }
      : {}),
    ...(options.oidc ? { oidc: options.oidc } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.secretKeyring ? { secretKeyring: options.secretKeyring } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.tls
      ? {
          transport: {
            kind: 'https' as const,
            certFile: options.tls.certFile,
            keyFile: options.tls.keyFile,
          },
          reloadCheckMs: options.tls.reloadCheckMs,
        }
      : {}),
    log: options.log ?? quiet,
    port: 0,
    host: '127.0.0.1',
    logger: false,
  });

  async function request(method: string, path: string, options: RequestOptions = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key !== undefined) headers['authorization'] = `Bearer ${options.key}`;
    let body: string | undefined = options.rawBody;
    if (body === undefined && options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${app.url}${path}`, { method, headers, body });
    const text = await response.text();
    const answer = {
      status: response.status,
      headers: response.headers,
      body: text === '' ? null : (JSON.parse(text) as unknown),
    };
    checkAgainstDocument(method, path, answer);
    return answer;
  }

  return {
    app,
    devices,
    nbiStores,
    provisioningStores,
    firmwareStores,
    firmwareEvents,
    auditBus,
    keys,
    keyIds,
    request,
    async auditOutcomes(count) {
      // An admitted write has two entries (intent, outcome): twice as many hold `count` outcomes.
      const { entries } = await (options.auditLog ?? nbiStores.auditLog).list({ limit: count * 2 });
      return entries.filter((entry) => entry.phase === 'outcome').slice(0, count);
    },
    async seed(...seeded) {
      await devices.applyBatch(seeded.map((device) => informOf(device, options.secretKeyring)));
      for (const { deviceId, posture } of seeded)
        if (posture?.length)
          await devices.updateTags(
            { deviceId },
            posture.map((finding) => `posture:${finding.id}`),
            [],
          );
    },
    async close() {
      await app.close();
      await devices.close();
      await nbiStores.close();
      await provisioningStores.close();
      await firmwareStores.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import { Logger, type Provider } from '@nestjs/common';
import { secretsOpened, type DeviceReads } from '@acs/device-store';
import type { ConfigurationStore, SubscriberStore, TaskStore } from '@acs/provisioning-data-access';
import type { QuirkProfile } from '@acs/provisioning-domain';
import type { SecretKeyring } from '@acs/secrets';
import {
  CreateTask,
  LoadSubscribers,
  PreviewConfiguration,
  RequestConnection,
  SetTags,
  type ConnectionRequestPort,
  type DeviceLookup,
  type DeviceTagWrites,
} from '@acs/provisioning-use-cases';
import {
  CONFIGURATION_STORE,
  CONNECTION_REQUESTS,
  DEVICE_STORE,
  INVENTORY_WRITES,
  QUIRK_PROFILES,
  SECRET_KEYRING,
  SUBSCRIBER_STORE,
  TASK_STORE,
} from '../tokens';
import type { NbiConnectionRequests } from './connection-request-use-cases';
import { ProvisioningChangeNotifier } from './provisioning-change';
import { DATA_MODEL_SECRETS } from './views';

/**
 * Provisioning's use cases the API runs, the same classes the OSS command adapter runs
 * (@acs/provisioning-use-cases): built here from the API's stores and ports. The reason a
 * connection request records is the API's: `task` for a task's wake-up, `api` for the route.
 */
const wakingFor = (
  connectionRequests: NbiConnectionRequests | null,
  reason: string,
): ConnectionRequestPort | null =>
  connectionRequests && { wake: (deviceId) => connectionRequests.wake(deviceId, reason) };

const connectionRequestLogger = new Logger('NbiConnectionRequests');
const previewLogger = new Logger('NbiPreview');

export const PROVISIONING_OPERATIONS: Provider[] = [
  {
    provide: CreateTask,
    useFactory: (
      devices: DeviceLookup,
      tasks: TaskStore,
      connectionRequests: NbiConnectionRequests | null,
    ) =>
      new CreateTask({
        devices,
        tasks,
        connectionRequests: wakingFor(connectionRequests, 'task'),
        log: {
          error: (message, fields) =>
            connectionRequestLogger.error(`${message} ${JSON.stringify(fields ?? {})}`),
        },
      }),
    inject: [DEVICE_STORE, TASK_STORE, CONNECTION_REQUESTS],
  },
  {
    provide: SetTags,
    // Tags are changed by inventory, the devices' owner.
    useFactory: (devices: DeviceLookup, inventory: DeviceTagWrites) =>
      new SetTags({ devices, inventory }),
    inject: [DEVICE_STORE, INVENTORY_WRITES],
  },
  {
    provide: RequestConnection,
    useFactory: (devices: DeviceLookup, connectionRequests: NbiConnectionRequests | null) =>
      new RequestConnection({ devices, connectionRequests: wakingFor(connectionRequests, 'api') }),
    inject: [DEVICE_STORE, CONNECTION_REQUESTS],
  },
];

/** Served only with provisioning's stores (the subscriber and preview routes). */
export const PROVISIONING_STORE_OPERATIONS: Provider[] = [
  {
    provide: LoadSubscribers,
    useFactory: (
      subscribers: SubscriberStore,
      configurations: ConfigurationStore,
      changes: ProvisioningChangeNotifier,
    ) => new LoadSubscribers({ subscribers, configurations, changes }),
    inject: [SUBSCRIBER_STORE, CONFIGURATION_STORE, ProvisioningChangeNotifier],
  },
  {
    provide: PreviewConfiguration,
    useFactory: (
      devices: DeviceReads,
      configurations: ConfigurationStore,
      subscribers: SubscriberStore,
      quirkProfiles: readonly QuirkProfile[],
      keyring: SecretKeyring | null,
    ) =>
      new PreviewConfiguration({
        // Planned from opened secret values, as sessions plan; previewView masks them again.
        devices: keyring
          ? secretsOpened(devices, { keyring, parameters: DATA_MODEL_SECRETS }, previewLogger)
          : devices,
        configurations,
        subscribers,
        quirkProfiles,
        now: () => new Date(),
      }),
    inject: [DEVICE_STORE, CONFIGURATION_STORE, SUBSCRIBER_STORE, QUIRK_PROFILES, SECRET_KEYRING],
  },
];

import {
  DynamicModule,
  FactoryProvider,
  Inject,
  MiddlewareConsumer,
  Module,
  ModuleMetadata,
  NestModule,
  Provider,
} from '@nestjs/common';
import type { DeviceReads } from '@acs/device-store';
import type { InventoryWrites } from '@acs/inventory-writes';
import { BUILT_IN_QUIRK_PROFILES, type QuirkProfile } from '@acs/provisioning-domain';
import type { ApiKeyStore, AuditLog } from '@acs/nbi-data-access';
import type {
  ConfigurationStore,
  PresetStore,
  SubscriberStore,
  TaskStore,
} from '@acs/provisioning-data-access';
import type { EventPublisher } from '@acs/event-bus';
import { AuditForwarder } from './audit/audit-forwarder';
import { AuditRecorder } from './audit/audit-recorder';
import { AuditInterceptor } from './audit/audit.interceptor';
import { OidcBearerVerifier } from './auth/oidc/oidc-bearer-verifier';
import type { OidcSettings } from './auth/oidc/oidc-settings';
import { OperatorAuthGuard } from './auth/operator-auth.guard';
import { ExpensiveQueryInterceptor, KeyRateLimitGuard } from './limits/limit-guards';
import type { NbiLimits } from './limits/nbi-limits';
import { RequestLimits } from './limits/request-limits';
import { SourceRateLimitMiddleware } from './limits/source-rate-limit.middleware';
import { AdminController } from './controllers/admin.controller';
import { ConfigurationsController } from './controllers/configurations.controller';
import { DevicesController } from './controllers/devices.controller';
import { FirmwareImageContentController } from './controllers/firmware-image-content.controller';
import { DeviceBackupsController } from './controllers/device-backups.controller';
import { FirmwareCampaignsController } from './controllers/firmware-campaigns.controller';
import { FirmwareImagesController } from './controllers/firmware-images.controller';
import { FaultsController } from './controllers/faults.controller';
import { PostureController } from './controllers/posture.controller';
import { PresetsController } from './controllers/presets.controller';
import { SubscribersController } from './controllers/subscribers.controller';
import { TasksController } from './controllers/tasks.controller';
import { DiagnosticsController } from './controllers/diagnostics.controller';
import { NbiExceptionFilter } from './errors/nbi-exception.filter';
import { AnswerInterceptor } from './http/answer.interceptor';
import { JsonBodyMiddleware } from './http/json-body.middleware';
import { ApiDocsController } from './openapi/api-docs.controller';
import {
  API_KEY_STORE,
  AUDIT_EVENTS,
  AUDIT_LOG,
  CONFIGURATION_STORE,
  CONNECTION_REQUESTS,
  DEVICE_STORE,
  FIRMWARE_ENABLED,
  FIRMWARE_OPTIONS,
  INVENTORY_WRITES,
  OIDC_VERIFIER,
  PRESET_STORE,
  PROVISIONING_CHANGE_HOOK,
  PROVISIONING_ENABLED,
  REQUEST_LIMITS,
  QUIRK_PROFILES,
  SECRET_KEYRING,
  SUBSCRIBER_STORE,
  TASK_STORE,
} from './tokens';
import { CreateApiKey, ListApiKeys, ListAuditLog, RevokeApiKey } from './use-cases/admin-use-cases';
import {
  CreateConfiguration,
  DeleteConfiguration,
  GetConfiguration,
  ListConfigurations,
  ListConfigurationVersions,
  ReplaceConfiguration,
} from './use-cases/configuration-use-cases';
import type { NbiConnectionRequests } from './use-cases/connection-request-use-cases';
import {
  DeleteDevice,
  GetDevice,
  ListDeviceNotifications,
  ListDevices,
} from './use-cases/device-use-cases';
import { GetDevicePosture, GetPostureSummary } from './use-cases/posture-use-cases';
import { RevealDeviceSecret } from './use-cases/secret-use-cases';
import type { SecretKeyring } from '@acs/secrets';
import { FIRMWARE_OPERATIONS, type NbiFirmwareOptions } from './use-cases/firmware-operations';
import { ClearFault, ListFaults } from './use-cases/fault-use-cases';
import {
  CreatePreset,
  DeletePreset,
  GetPreset,
  ListPresets,
  ListPresetVersions,
  PresetChecks,
  ReplacePreset,
} from './use-cases/preset-use-cases';
import {
  ProvisioningChangeHook,
  ProvisioningChangeNotifier,
} from './use-cases/provisioning-change';
import {
  PROVISIONING_OPERATIONS,
  PROVISIONING_STORE_OPERATIONS,
} from './use-cases/provisioning-operations';
import { DeleteSubscriber, GetSubscriber, ListSubscribers } from './use-cases/subscriber-use-cases';
import { DeleteTask, GetTask, ListTasks, RetryTask, WaitForTask } from './use-cases/task-use-cases';

/** Provisioning's stores the API reads and writes (see @acs/provisioning-data-access). */
export interface NbiProvisioningStores {
  configurations: ConfigurationStore;
  presets: PresetStore;
  subscribers: SubscriberStore;
}

/** What the API reads and writes. NbiModule owns none of them: the caller opens and closes them. */
export interface NbiStoreSet {
  /** Read only: inventory owns the devices, and changes them for the API through `inventory`. */
  devices: DeviceReads;
  inventory: InventoryWrites;
  tasks: TaskStore;
  apiKeys: ApiKeyStore;
  auditLog: AuditLog;
  /** The configuration, preset and subscriber routes are served only when these are given. */
  provisioning?: NbiProvisioningStores;
}

export interface NbiModuleOptions {
  stores: NbiStoreSet;
  /**
   * The host's event publisher (Kafka in the scaled service, the in-process bus in the all-in-one
   * app): every stored audit entry is published on acs.audit, after it is stored; a fault an
   * operator clears is announced on acs.events (FaultCleared).
   */
  auditEvents: EventPublisher;
  /**
   * Called after each successful write of a preset, configuration or subscriber, before the
   * answer; a failure is logged and does not fail the answer.
   */
  onProvisioningChange?: ProvisioningChangeHook;
  /**
   * Wakes devices (provisioning's DeviceWakeUp): tasks created with `connectionRequest: true`
   * and POST /devices/:deviceId/connection-request. Without it the flag is only stored and the
   * route answers 503 connection-requests-unavailable.
   */
  connectionRequests?: NbiConnectionRequests;
  /** Firmware's stores: the firmware routes are served only when given. */
  firmware?: NbiFirmwareOptions;
  /** Single sign-on: bearer JWTs from the ISP's OIDC provider, besides API keys. */
  oidc?: OidcSettings | null;
  /**
   * Request budgets per API key (or OIDC subject) and per source address, and the bound on
   * queries that scan the fleet (nbiLimitsOf); absent: no limits.
   */
  limits?: NbiLimits;
  /**
   * The quirk profiles provisioning runs sessions with, so a configuration preview plans the
   * RPCs its sessions would send; the built-in ones when not given.
   */
  quirkProfiles?: readonly QuirkProfile[];
  /**
   * Opens the secret parameter values inventory sealed, for the reveal route (admins, audited);
   * without it that route answers 503 secrets-unavailable. Views mask secrets either way.
   */
  secretKeyring?: SecretKeyring | null;
}

export interface NbiModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => NbiModuleOptions | Promise<NbiModuleOptions>;
  /**
   * Serve the provisioning routes; the factory must then give `stores.provisioning`. (Routes are
   * fixed before the factory runs, so this is said up front.)
   */
  provisioning?: boolean;
  /** Serve the firmware routes; the factory must then give `firmware`. */
  firmware?: boolean;
}

const NBI_OPTIONS = Symbol('nbi:Options');

const USE_CASES: Provider[] = [
  ListDevices,
  GetDevice,
  ListDeviceNotifications,
  RevealDeviceSecret,
  DeleteDevice,
  WaitForTask,
  ListTasks,
  GetTask,
  RetryTask,
  DeleteTask,
  // Creating tasks, changing tags, connection requests: provisioning's own use cases.
  ...PROVISIONING_OPERATIONS,
  ListFaults,
  ClearFault,
  GetDevicePosture,
  GetPostureSummary,
  ListAuditLog,
  CreateApiKey,
  ListApiKeys,
  RevokeApiKey,
];

const CONTROLLERS = [
  DevicesController,
  TasksController,
  DiagnosticsController,
  FaultsController,
  PostureController,
  AdminController,
];

const PROVISIONING_USE_CASES: Provider[] = [
  ProvisioningChangeNotifier,
  CreateConfiguration,
  ListConfigurations,
  GetConfiguration,
  ReplaceConfiguration,
  DeleteConfiguration,
  ListConfigurationVersions,
  PresetChecks,
  CreatePreset,
  ListPresets,
  GetPreset,
  ReplacePreset,
  DeletePreset,
  ListPresetVersions,
  ...PROVISIONING_STORE_OPERATIONS,
  ListSubscribers,
  GetSubscriber,
  DeleteSubscriber,
];

const PROVISIONING_CONTROLLERS = [
  ConfigurationsController,
  PresetsController,
  SubscribersController,
];

/** The image library's JSON routes; the upload's controller reads its own body (never JSON). */
const FIRMWARE_JSON_CONTROLLERS = [
  FirmwareImagesController,
  FirmwareCampaignsController,
  DeviceBackupsController,
];
const FIRMWARE_CONTROLLERS = [...FIRMWARE_JSON_CONTROLLERS, FirmwareImageContentController];

const FIRMWARE_PROVIDERS: Provider[] = [
  {
    provide: FIRMWARE_OPTIONS,
    useFactory: (o: NbiModuleOptions) => {
      if (!o.firmware)
        throw new Error('NbiModule: firmware routes were asked for without firmware options');
      return o.firmware;
    },
    inject: [NBI_OPTIONS],
  },
  ...FIRMWARE_OPERATIONS,
];

/** The stores as injection tokens, all read from the one options provider. */
const TOKENS_FROM_OPTIONS: Provider[] = [
  {
    provide: DEVICE_STORE,
    useFactory: (o: NbiModuleOptions) => o.stores.devices,
    inject: [NBI_OPTIONS],
  },
  {
    provide: INVENTORY_WRITES,
    useFactory: (o: NbiModuleOptions) => o.stores.inventory,
    inject: [NBI_OPTIONS],
  },
  {
    provide: OIDC_VERIFIER,
    useFactory: (o: NbiModuleOptions) => (o.oidc ? new OidcBearerVerifier(o.oidc) : null),
    inject: [NBI_OPTIONS],
  },
  {
    provide: REQUEST_LIMITS,
    useFactory: (o: NbiModuleOptions) => (o.limits ? new RequestLimits(o.limits) : null),
    inject: [NBI_OPTIONS],
  },
  {
    provide: TASK_STORE,
    useFactory: (o: NbiModuleOptions) => o.stores.tasks,
    inject: [NBI_OPTIONS],
  },
  {
    provide: API_KEY_STORE,
    useFactory: (o: NbiModuleOptions) => o.stores.apiKeys,
    inject: [NBI_OPTIONS],
  },
  {
    provide: AUDIT_LOG,
    useFactory: (o: NbiModuleOptions) => o.stores.auditLog,
    inject: [NBI_OPTIONS],
  },
  {
    provide: AUDIT_EVENTS,
    useFactory: (o: NbiModuleOptions) => o.auditEvents,
    inject: [NBI_OPTIONS],
  },
  {
    provide: CONNECTION_REQUESTS,
    useFactory: (o: NbiModuleOptions) => o.connectionRequests ?? null,
    inject: [NBI_OPTIONS],
  },
  {
    provide: SECRET_KEYRING,
    useFactory: (o: NbiModuleOptions) => o.secretKeyring ?? null,
    inject: [NBI_OPTIONS],
  },
];

function provisioningStoresOf(options: NbiModuleOptions): NbiProvisioningStores {
  const stores = options.stores.provisioning;
  if (!stores) {
    throw new Error('NbiModule: provisioning routes were asked for without stores.provisioning');
  }
  return stores;
}

const PROVISIONING_TOKENS_FROM_OPTIONS: Provider[] = [
  {
    provide: CONFIGURATION_STORE,
    useFactory: (o: NbiModuleOptions) => provisioningStoresOf(o).configurations,
    inject: [NBI_OPTIONS],
  },
  {
    provide: PRESET_STORE,
    useFactory: (o: NbiModuleOptions) => provisioningStoresOf(o).presets,
    inject: [NBI_OPTIONS],
  },
  {
    provide: SUBSCRIBER_STORE,
    useFactory: (o: NbiModuleOptions) => provisioningStoresOf(o).subscribers,
    inject: [NBI_OPTIONS],
  },
  {
    provide: QUIRK_PROFILES,
    useFactory: (o: NbiModuleOptions) => o.quirkProfiles ?? BUILT_IN_QUIRK_PROFILES,
    inject: [NBI_OPTIONS],
  },
  {
    provide: PROVISIONING_CHANGE_HOOK,
    useFactory: (o: NbiModuleOptions) => o.onProvisioningChange ?? null,
    inject: [NBI_OPTIONS],
  },
];

/**
 * The operator REST API under /api/v1, and its OpenAPI document at /api-docs. Import it with
 * `NbiModule.forRoot({ stores })`, or `forRootAsync` when the stores come from other providers.
 * It reads JSON bodies itself (JsonBodyMiddleware), so a host app may run with `bodyParser: false`.
 */
@Module({})
export class NbiModule implements NestModule {
  static forRoot(options: NbiModuleOptions): DynamicModule {
    return NbiModule.with([{ provide: NBI_OPTIONS, useValue: options }], [], {
      provisioning: options.stores.provisioning !== undefined,
      firmware: options.firmware !== undefined,
    });
  }

  static forRootAsync(options: NbiModuleAsyncOptions): DynamicModule {
    return NbiModule.with(
      [{ provide: NBI_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }],
      options.imports ?? [],
      { provisioning: options.provisioning ?? false, firmware: options.firmware ?? false },
    );
  }

  private static with(
    optionsProvider: Provider[],
    imports: NonNullable<ModuleMetadata['imports']>,
    { provisioning, firmware }: { provisioning: boolean; firmware: boolean },
  ): DynamicModule {
    return {
      module: NbiModule,
      imports,
      controllers: [
        ...CONTROLLERS,
        ...(provisioning ? PROVISIONING_CONTROLLERS : []),
        ...(firmware ? FIRMWARE_CONTROLLERS : []),
        ApiDocsController,
      ],
      providers: [
        ...optionsProvider,
        { provide: PROVISIONING_ENABLED, useValue: provisioning },
        { provide: FIRMWARE_ENABLED, useValue: firmware },
        ...TOKENS_FROM_OPTIONS,
        ...USE_CASES,
        ...(provisioning ? [...PROVISIONING_TOKENS_FROM_OPTIONS, ...PROVISIONING_USE_CASES] : []),
        ...(firmware ? FIRMWARE_PROVIDERS : []),
        AuditForwarder,
        AuditRecorder,
        OperatorAuthGuard,
        KeyRateLimitGuard,
        ExpensiveQueryInterceptor,
        AuditInterceptor,
        AnswerInterceptor,
        NbiExceptionFilter,
      ],
    };
  }

  constructor(
    @Inject(PROVISIONING_ENABLED) private readonly provisioning: boolean,
    @Inject(FIRMWARE_ENABLED) private readonly firmware: boolean,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    // Every route of the API, the upload's included, and before its body is read.
    consumer
      .apply(SourceRateLimitMiddleware)
      .forRoutes(
        ...CONTROLLERS,
        ...(this.provisioning ? PROVISIONING_CONTROLLERS : []),
        ...(this.firmware ? FIRMWARE_CONTROLLERS : []),
      );
    consumer
      .apply(JsonBodyMiddleware)
      .forRoutes(
        ...CONTROLLERS,
        ...(this.provisioning ? PROVISIONING_CONTROLLERS : []),
        ...(this.firmware ? FIRMWARE_JSON_CONTROLLERS : []),
      );
  }
}

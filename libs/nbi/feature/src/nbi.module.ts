import {
  DynamicModule,
  FactoryProvider,
  MiddlewareConsumer,
  Module,
  ModuleMetadata,
  NestModule,
  Provider,
} from '@nestjs/common';
import type { DeviceStore } from '@acs/device-store';
import type { ApiKeyStore, AuditLog, TaskStore } from '@acs/nbi-data-access';
import { AuditRecorder } from './audit/audit-recorder';
import { AuditInterceptor } from './audit/audit.interceptor';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AdminController } from './controllers/admin.controller';
import { DevicesController } from './controllers/devices.controller';
import { FaultsController } from './controllers/faults.controller';
import { TasksController } from './controllers/tasks.controller';
import { NbiExceptionFilter } from './errors/nbi-exception.filter';
import { JsonBodyMiddleware } from './http/json-body.middleware';
import { ApiDocsController } from './openapi/api-docs.controller';
import { API_KEY_STORE, AUDIT_LOG, DEVICE_STORE, TASK_STORE } from './tokens';
import { CreateApiKey, ListApiKeys, ListAuditLog, RevokeApiKey } from './use-cases/admin-use-cases';
import { DeleteDevice, GetDevice, ListDevices } from './use-cases/device-use-cases';
import { ClearFault, ListFaults } from './use-cases/fault-use-cases';
import { ChangeDeviceTag, ChangeTagsByFilter } from './use-cases/tag-use-cases';
import { CreateTask, DeleteTask, GetTask, ListTasks, RetryTask } from './use-cases/task-use-cases';

/** What the API reads and writes. NbiModule owns none of them: the caller opens and closes them. */
export interface NbiStoreSet {
  devices: DeviceStore;
  tasks: TaskStore;
  apiKeys: ApiKeyStore;
  auditLog: AuditLog;
}

export interface NbiModuleOptions {
  stores: NbiStoreSet;
}

export interface NbiModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => NbiModuleOptions | Promise<NbiModuleOptions>;
}

const NBI_OPTIONS = Symbol('nbi:Options');

const USE_CASES = [
  ListDevices,
  GetDevice,
  DeleteDevice,
  ChangeDeviceTag,
  ChangeTagsByFilter,
  CreateTask,
  ListTasks,
  GetTask,
  RetryTask,
  DeleteTask,
  ListFaults,
  ClearFault,
  ListAuditLog,
  CreateApiKey,
  ListApiKeys,
  RevokeApiKey,
];

const CONTROLLERS = [DevicesController, TasksController, FaultsController, AdminController];

/** The stores as injection tokens, all read from the one options provider. */
const TOKENS_FROM_OPTIONS: Provider[] = [
  {
    provide: DEVICE_STORE,
    useFactory: (o: NbiModuleOptions) => o.stores.devices,
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
];

/**
 * The operator REST API under /api/v1, and its OpenAPI document at /api-docs. Import it with
 * `NbiModule.forRoot({ stores })`, or `forRootAsync` when the stores come from other providers.
 * It reads JSON bodies itself (JsonBodyMiddleware), so a host app may run with `bodyParser: false`.
 */
@Module({})
export class NbiModule implements NestModule {
  static forRoot(options: NbiModuleOptions): DynamicModule {
    return NbiModule.with([{ provide: NBI_OPTIONS, useValue: options }], []);
  }

  static forRootAsync(options: NbiModuleAsyncOptions): DynamicModule {
    return NbiModule.with(
      [{ provide: NBI_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }],
      options.imports ?? [],
    );
  }

  private static with(
    optionsProvider: Provider[],
    imports: NonNullable<ModuleMetadata['imports']>,
  ): DynamicModule {
    return {
      module: NbiModule,
      imports,
      controllers: [...CONTROLLERS, ApiDocsController],
      providers: [
        ...optionsProvider,
        ...TOKENS_FROM_OPTIONS,
        ...USE_CASES,
        AuditRecorder,
        ApiKeyGuard,
        AuditInterceptor,
        NbiExceptionFilter,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JsonBodyMiddleware).forRoutes(...CONTROLLERS);
  }
}

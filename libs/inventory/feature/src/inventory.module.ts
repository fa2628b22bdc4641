import {
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Inventory, type InventoryOptions } from './inventory';

export const INVENTORY_OPTIONS = Symbol('INVENTORY_OPTIONS');

export interface InventoryModuleAsyncOptions {
  /** Modules exporting what `inject` names (the app's event bus, device store, config). */
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  // A method signature: any factory of the injected values fits.
  useFactory(...injected: unknown[]): InventoryOptions | Promise<InventoryOptions>;
}

/** Starts inventory once the application has bootstrapped and stops it before the ports close. */
class InventoryLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(readonly inventory: Inventory) {}

  onApplicationBootstrap(): Promise<void> {
    return this.inventory.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.inventory.stop();
  }
}

/**
 * Inventory as a NestJS module, for `apps/inventory` and the all-in-one app alike: the app hands
 * over the ports (device store, session-event consumer, event publisher) and closes them after
 * the application context closed. `Inventory` is exported for apps that want its use cases.
 */
@Module({})
export class InventoryModule {
  static register(options: InventoryOptions): DynamicModule {
    return InventoryModule.registerAsync({ useFactory: () => options });
  }

  static registerAsync(options: InventoryModuleAsyncOptions): DynamicModule {
    return {
      module: InventoryModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: INVENTORY_OPTIONS,
          inject: options.inject ?? [],
          useFactory: (...injected: unknown[]) => options.useFactory(...injected),
        },
        {
          provide: Inventory,
          inject: [INVENTORY_OPTIONS],
          useFactory: (resolved: InventoryOptions) => new Inventory(resolved),
        },
        {
          provide: InventoryLifecycle,
          inject: [Inventory],
          useFactory: (inventory: Inventory) => new InventoryLifecycle(inventory),
        },
      ],
      exports: [Inventory],
    };
  }
}

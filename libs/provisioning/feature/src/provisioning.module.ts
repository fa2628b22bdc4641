import {
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { EventConsumer } from '@acs/event-bus';
import type { ProvisioningPorts } from './ports';
import { Provisioning } from './provisioning';
import type { ProvisioningSettings } from './settings';

export interface ProvisioningModuleOptions {
  ports: ProvisioningPorts;
  consumer: EventConsumer;
  settings?: ProvisioningSettings;
}

/** Starts provisioning once the application has bootstrapped and stops it before the ports close. */
class ProvisioningLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(readonly provisioning: Provisioning) {}

  onApplicationBootstrap(): Promise<void> {
    return this.provisioning.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.provisioning.stop();
  }
}

/** Provisioning as a NestJS module, for `apps/provisioning` and the all-in-one app alike. */
@Module({})
export class ProvisioningModule {
  static register(options: ProvisioningModuleOptions): DynamicModule {
    return {
      module: ProvisioningModule,
      providers: [
        {
          provide: Provisioning,
          useFactory: () => new Provisioning(options.ports, options.consumer, options.settings),
        },
        {
          provide: ProvisioningLifecycle,
          inject: [Provisioning],
          useFactory: (provisioning: Provisioning) => new ProvisioningLifecycle(provisioning),
        },
      ],
      exports: [Provisioning],
    };
  }
}

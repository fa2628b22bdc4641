import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { GatewayConfig } from './config/gateway-config';
import { CwmpGateway, type GatewayPorts } from './cwmp-gateway';

const GATEWAY_PORTS = Symbol('GATEWAY_PORTS');

export interface GatewayModuleOptions {
  config: GatewayConfig;
  ports: GatewayPorts & { close?(): Promise<void> };
}

@Injectable()
class GatewayLifecycle
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    readonly gateway: CwmpGateway,
    @Inject(GATEWAY_PORTS) private readonly ports: GatewayModuleOptions['ports'],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.gateway.start();
  }

  /** SIGTERM: drain first, while Redis and Kafka are still there for the requests in flight. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.gateway.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ports.close?.();
  }
}

/** Runs the CWMP gateway inside a Nest application (standalone or in the all-in-one app). */
@Module({})
export class GatewayModule {
  static forRoot(options: GatewayModuleOptions): DynamicModule {
    return {
      module: GatewayModule,
      providers: [
        { provide: GATEWAY_PORTS, useValue: options.ports },
        { provide: CwmpGateway, useFactory: () => new CwmpGateway(options.config, options.ports) },
        GatewayLifecycle,
      ],
      exports: [CwmpGateway],
    };
  }
}

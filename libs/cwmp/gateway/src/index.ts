export { CwmpGateway } from './cwmp-gateway';
export type { GatewayPorts, GatewayLogger } from './cwmp-gateway';
export { GatewayConfigSchema, gatewayConfigFromEnv } from './config/gateway-config';
export type { GatewayConfig } from './config/gateway-config';
export type { CpeAuthenticator } from './session/open-session';
export type { ReadinessCheck } from './ops/ops-server';
export { GatewayMetrics } from './metrics/gateway-metrics';
export { GatewayModule } from './gateway.module';
export type { GatewayModuleOptions } from './gateway.module';

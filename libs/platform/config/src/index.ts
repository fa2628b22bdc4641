export { configFromEnv, ConfigError } from './config-from-env';
export { runService, type ServiceRun, type ServiceLog } from './run-service';

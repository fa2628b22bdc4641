export { configFromEnv, ConfigError } from './config-from-env';

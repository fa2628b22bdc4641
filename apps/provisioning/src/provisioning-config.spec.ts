import { ConfigError } from '@acs/config';
import { secretKeysEnv } from '@acs/testing';
import { provisioningServiceConfigFromEnv } from './provisioning-config';

describe('the scaled provisioning service configuration', () => {
  const env = {
    REDIS_URL: 'redis://unused',
    KAFKA_BROKERS: 'unused:9092',
    NBI_HOST: '127.0.0.1',
    MONGODB_URI: 'mongodb://unused/acs',
  };

  it('refuses to start without the secret keys inventory seals with, naming the variables', () => {
    let error: unknown;
    try {
      provisioningServiceConfigFromEnv(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('ACS_SECRET_KEYS or ACS_SECRET_KEYS_FILE');
  });

  it('starts with them, sessions and the API sharing one keyring', () => {
    const config = provisioningServiceConfigFromEnv({ ...env, ...secretKeysEnv() });
    expect(config.secrets.keyring.currentKid).toBe('run1');
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@acs/config';
import { firmwareServiceConfigFromEnv } from './firmware-config';

const REQUIRED = {
  KAFKA_BROKERS: 'k1:9092',
  MONGODB_URI: 'mongodb://db/acs',
  FIRMWARE_FILE_URL: 'https://files.isp.example:7567',
  FIRMWARE_GRANT_SECRET: 'a-grant-secret-of-some-length',
};

describe('firmware service configuration', () => {
  it('starts from the brokers, MongoDB, the public file URL and the grant secret', () => {
    expect(firmwareServiceConfigFromEnv(REQUIRED)).toMatchObject({
      kafkaBrokers: ['k1:9092'],
      kafkaClientId: 'firmware',
      groupId: 'firmware',
      mongodbUri: 'mongodb://db/acs',
      firmwareFilePort: 7567,
      firmwareFileUrl: 'https://files.isp.example:7567',
      firmwareGrantSecret: 'a-grant-secret-of-some-length',
      opsPort: 9467,
    });
  });

  it('names every missing variable the scaled service needs', () => {
    let problems: string[] = [];
    try {
      firmwareServiceConfigFromEnv({ KAFKA_BROKERS: 'k1:9092' });
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'MONGODB_URI',
      'FIRMWARE_FILE_URL',
      'FIRMWARE_GRANT_SECRET',
    ]);
  });

  it('takes HTTPS for CPEs from both PEM files, and refuses one without the other', () => {
    const dir = mkdtempSync(join(tmpdir(), 'firmware-tls-'));
    try {
      writeFileSync(join(dir, 'cert.pem'), 'CERT');
      writeFileSync(join(dir, 'key.pem'), 'KEY');
      const config = firmwareServiceConfigFromEnv({
        ...REQUIRED,
        FIRMWARE_FILE_TLS_CERT_FILE: join(dir, 'cert.pem'),
        FIRMWARE_FILE_TLS_KEY_FILE: join(dir, 'key.pem'),
      });
      expect(config.tls?.cert.toString()).toBe('CERT');
      expect(config.tls?.key.toString()).toBe('KEY');
      expect(() =>
        firmwareServiceConfigFromEnv({ ...REQUIRED, FIRMWARE_FILE_TLS_CERT_FILE: 'cert.pem' }),
      ).toThrow(/give both or neither/);
      expect(() =>
        firmwareServiceConfigFromEnv({
          ...REQUIRED,
          FIRMWARE_FILE_TLS_CERT_FILE: join(dir, 'missing.pem'),
          FIRMWARE_FILE_TLS_KEY_FILE: join(dir, 'key.pem'),
        }),
      ).toThrow(/cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a short grant secret and a file URL with a path', () => {
    expect(() =>
      firmwareServiceConfigFromEnv({ ...REQUIRED, FIRMWARE_GRANT_SECRET: 'short' }),
    ).toThrow(/FIRMWARE_GRANT_SECRET/);
    expect(() =>
      firmwareServiceConfigFromEnv({ ...REQUIRED, FIRMWARE_FILE_URL: 'http://files/images' }),
    ).toThrow(/FIRMWARE_FILE_URL/);
  });
});

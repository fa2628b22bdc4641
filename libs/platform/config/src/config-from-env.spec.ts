import { Type } from '@sinclair/typebox';
import { ConfigError, configFromEnv } from './config-from-env';

const Schema = Type.Object({
  port: Type.Integer({ env: 'TEST_PORT', default: 7547, minimum: 1, maximum: 65535 }),
  secure: Type.Boolean({ env: 'TEST_SECURE', default: false }),
  brokers: Type.Array(Type.String(), { env: 'TEST_BROKERS', default: [] }),
  certificate: Type.Optional(Type.String({ env: 'TEST_CERT' })),
  mode: Type.Union([Type.Literal('digest'), Type.Literal('basic')], {
    env: 'TEST_MODE',
    default: 'digest',
  }),
});

describe('configuration from the environment', () => {
  it('applies defaults when nothing is set', () => {
    expect(configFromEnv(Schema, {})).toEqual({
      port: 7547,
      secure: false,
      brokers: [],
      mode: 'digest',
    });
  });

  it('converts each variable by its type', () => {
    expect(
      configFromEnv(Schema, {
        TEST_PORT: '8080',
        TEST_SECURE: 'On',
        TEST_BROKERS: 'k1:9092, k2:9092,',
        TEST_CERT: '/etc/acs/tls.pem',
        TEST_MODE: 'basic',
      }),
    ).toEqual({
      port: 8080,
      secure: true,
      brokers: ['k1:9092', 'k2:9092'],
      certificate: '/etc/acs/tls.pem',
      mode: 'basic',
    });
  });

  it('reports every bad variable at once, by name', () => {
    let caught: unknown;
    try {
      configFromEnv(Schema, { TEST_PORT: '70000', TEST_SECURE: 'maybe', TEST_MODE: 'ntlm' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/TEST_PORT/);
    expect(problems).toMatch(/TEST_SECURE: cannot read "maybe"/);
    expect(problems).toMatch(/TEST_MODE/);
  });
});

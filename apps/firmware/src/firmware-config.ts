import { readFileSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { ConfigError, configFromEnv } from '@acs/config';
import { mongoSettingsEnv } from '@acs/device-store';
import { kafkaClientEnv, kafkaConsumerTimingsEnv } from '@acs/event-bus';
import { fileServerSettingsEnv } from '@acs/firmware-data-access';
import { opsServerEnv } from '@acs/observability';

/** The firmware service's environment, read and checked once at start. */
export const FirmwareServiceSchema = Type.Object({
  ...kafkaClientEnv({ clientId: 'firmware' }),
  groupId: Type.String({ env: 'FIRMWARE_GROUP_ID', default: 'firmware', minLength: 1 }),
  /** acs.events taken and not handled yet (each device's in order, devices side by side). */
  eventsInFlight: Type.Integer({ env: 'FIRMWARE_EVENTS_IN_FLIGHT', default: 256, minimum: 1 }),
  ...kafkaConsumerTimingsEnv({ maxWaitMs: 500 }),
  ...mongoSettingsEnv(),
  ...fileServerSettingsEnv(),
  /** PEM files: the file server speaks HTTPS to CPEs when both are given. */
  firmwareFileTlsCertFile: Type.Optional(
    Type.String({ env: 'FIRMWARE_FILE_TLS_CERT_FILE', minLength: 1 }),
  ),
  firmwareFileTlsKeyFile: Type.Optional(
    Type.String({ env: 'FIRMWARE_FILE_TLS_KEY_FILE', minLength: 1 }),
  ),
  /** How long a task command waits for provisioning's answer before it is sent again. */
  taskAnswerTimeoutMs: Type.Integer({
    env: 'FIRMWARE_TASK_ANSWER_TIMEOUT_MS',
    default: 5_000,
    minimum: 100,
  }),
  /** /metrics, /healthz, /readyz (OPS_PORT, OPS_HOST). */
  ...opsServerEnv({ port: 9467 }),
});

type Settings = Static<typeof FirmwareServiceSchema>;

export type FirmwareServiceConfig = Omit<
  Settings,
  'mongodbUri' | 'firmwareFileUrl' | 'firmwareGrantSecret'
> & {
  /** Images, uploads and campaigns live in MongoDB; devices are read from inventory's store. */
  mongodbUri: string;
  /** The origin CPEs reach the file server at: every URL handed to a CPE starts with it. */
  firmwareFileUrl: string;
  /** Every replica, and provisioning (restores), must sign and check with the same key. */
  firmwareGrantSecret: string;
  tls?: { cert: Buffer; key: Buffer };
};

/** Throws ConfigError listing every bad variable by name. */
export function firmwareServiceConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
): FirmwareServiceConfig {
  const config = configFromEnv(FirmwareServiceSchema, env);
  const { mongodbUri, firmwareFileUrl, firmwareGrantSecret } = config;
  const { firmwareFileTlsCertFile: certFile, firmwareFileTlsKeyFile: keyFile } = config;
  const problems = [
    mongodbUri === undefined &&
      "MONGODB_URI: required by the firmware service (its stores and inventory's devices); " +
        'on one machine without MongoDB run the all-in-one app (npm start)',
    firmwareFileUrl === undefined &&
      'FIRMWARE_FILE_URL: required: the origin CPEs reach the file server at (http://files.isp.example:7567)',
    firmwareGrantSecret === undefined &&
      'FIRMWARE_GRANT_SECRET: required: the key download URLs are signed with, the same in ' +
        'every replica and in provisioning',
    (certFile === undefined) !== (keyFile === undefined) &&
      'FIRMWARE_FILE_TLS_CERT_FILE and FIRMWARE_FILE_TLS_KEY_FILE: give both or neither',
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0 || !mongodbUri || !firmwareFileUrl || !firmwareGrantSecret)
    throw new ConfigError(problems);
  return {
    ...config,
    mongodbUri,
    firmwareFileUrl,
    firmwareGrantSecret,
    ...(certFile && keyFile
      ? {
          tls: {
            cert: readPem(certFile, 'FIRMWARE_FILE_TLS_CERT_FILE'),
            key: readPem(keyFile, 'FIRMWARE_FILE_TLS_KEY_FILE'),
          },
        }
      : {}),
  };
}

function readPem(file: string, variable: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ConfigError([`${variable}: cannot read ${file}: ${(error as Error).message}`]);
  }
}

import { Static, TObject } from '@sinclair/typebox';
import {
  DEVICE_LIFECYCLE_EVENT_SCHEMAS,
  DeviceLifecycleEventSchema,
} from '../acs-events/acs-events';
import {
  PROVISIONING_EVENT_SCHEMAS,
  ProvisioningEventSchema,
} from '../acs-events/provisioning-events';
import {
  CAMPAIGN_EVENT_SCHEMAS,
  DEVICE_FIRMWARE_EVENT_SCHEMAS,
  FirmwareEventSchema,
} from '../acs-events/firmware-events';
import { AuditEntryMessageSchema } from '../audit/audit-entries';
import { TOPICS } from '../topics';
import { discriminatedValidatorFor, Validated, validatorFor } from '../validation';
import { AcsCommandResultSchema } from './acs-command-results';
import { ACS_COMMAND_SCHEMAS, AcsCommandSchema } from './acs-commands';

/**
 * The catalogue of public messages: every message OSS/BSS exchange with the platform, by topic.
 * The JSON Schema export (npm run schemas:public) writes one file per entry and the AsyncAPI
 * document lists them; `assertPublicMessage` lets any test check what a producer wrote against
 * the same schemas.
 */
export const PUBLIC_TOPICS = [
  TOPICS.events,
  TOPICS.commands,
  TOPICS.commandResults,
  TOPICS.audit,
] as const;
export type PublicTopic = (typeof PUBLIC_TOPICS)[number];

export interface PublicMessage {
  /** Also the schema file's name: `docs/schemas/<name>.v<version>.json`. */
  name: string;
  version: 1;
  topic: PublicTopic;
  /** The field whose value is the Kafka message key. */
  key: 'deviceId' | 'commandId' | 'campaignId' | 'auditChain';
  schema: TObject;
}

const EVENT_MEMBERS: Record<string, TObject> = {
  ...DEVICE_LIFECYCLE_EVENT_SCHEMAS,
  ...PROVISIONING_EVENT_SCHEMAS,
  ...DEVICE_FIRMWARE_EVENT_SCHEMAS,
  ...CAMPAIGN_EVENT_SCHEMAS,
};

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const PUBLIC_MESSAGES: readonly PublicMessage[] = [
  ...Object.entries(EVENT_MEMBERS).map(([type, schema]) => ({
    name: type,
    version: 1 as const,
    topic: TOPICS.events,
    key: type in CAMPAIGN_EVENT_SCHEMAS ? ('campaignId' as const) : ('deviceId' as const),
    schema,
  })),
  ...Object.entries(ACS_COMMAND_SCHEMAS).map(([type, schema]) => ({
    name: `${capitalized(type)}Command`,
    version: 1 as const,
    topic: TOPICS.commands,
    key: 'commandId' as const,
    schema,
  })),
  {
    name: 'AcsCommandResult',
    version: 1,
    topic: TOPICS.commandResults,
    key: 'commandId',
    schema: AcsCommandResultSchema,
  },
  {
    name: 'AuditEntry',
    version: 1,
    topic: TOPICS.audit,
    key: 'auditChain',
    schema: AuditEntryMessageSchema,
  },
];

export type AcsEvent =
  | Static<typeof DeviceLifecycleEventSchema>
  | Static<typeof ProvisioningEventSchema>
  | Static<typeof FirmwareEventSchema>;

/** What each public topic carries. */
export interface PublicMessageOf {
  'acs.events': AcsEvent;
  'acs.commands': Static<typeof AcsCommandSchema>;
  'acs.command-results': Static<typeof AcsCommandResultSchema>;
  'acs.audit': Static<typeof AuditEntryMessageSchema>;
}

const validators: { [T in PublicTopic]: (value: unknown) => Validated<PublicMessageOf[T]> } = {
  'acs.events': discriminatedValidatorFor('type', EVENT_MEMBERS) as (
    value: unknown,
  ) => Validated<AcsEvent>,
  'acs.commands': discriminatedValidatorFor('type', ACS_COMMAND_SCHEMAS) as (
    value: unknown,
  ) => Validated<PublicMessageOf['acs.commands']>,
  'acs.command-results': validatorFor(AcsCommandResultSchema),
  'acs.audit': validatorFor(AuditEntryMessageSchema),
};

/** Checks a message of a public topic against that topic's schemas (a string is parsed first). */
export function validatePublicMessage<T extends PublicTopic>(
  topic: T,
  value: unknown,
): Validated<PublicMessageOf[T]> {
  const validate = validators[topic] as
    | ((value: unknown) => Validated<PublicMessageOf[T]>)
    | undefined;
  if (!validate) return { ok: false, errors: [`${String(topic)} is not a public topic`] };
  if (typeof value !== 'string') return validate(value);
  try {
    return validate(JSON.parse(value));
  } catch (error) {
    return { ok: false, errors: [`not JSON: ${String(error)}`] };
  }
}

export class PublicMessageError extends Error {
  constructor(
    readonly topic: string,
    readonly errors: string[],
  ) {
    super(`not a valid ${topic} message: ${errors.join('; ')}`);
    this.name = 'PublicMessageError';
  }
}

/**
 * For tests of producers: returns the message typed when it is valid for the topic, throws
 * PublicMessageError naming the offending fields when it is not.
 */
export function assertPublicMessage<T extends PublicTopic>(
  topic: T,
  value: unknown,
): PublicMessageOf[T] {
  const checked = validatePublicMessage(topic, value);
  if (!checked.ok) throw new PublicMessageError(topic, checked.errors);
  return checked.value;
}

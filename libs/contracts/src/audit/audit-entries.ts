import { Static, Type } from '@sinclair/typebox';

/**
 * One entry of the operator API's audit trail: the same fields the API lists (GET
 * /api/v1/audit-log) and `acs.audit` carries for a SIEM. Entries form a hash chain: `hash` is
 * SHA-256 (hex) over the canonical JSON (keys sorted, no whitespace) of every field of the stored
 * entry but `hash` itself, and `prevHash` is the hash of entry `seq - 1` (64 zeros for the
 * first), so a consumer can check the chain from the messages alone.
 */
const hash = Type.String({ pattern: '^[0-9a-f]{64}$' });

export const auditEntryFields = {
  id: Type.String({ minLength: 1, description: 'Unique, time-ordered' }),
  seq: Type.Integer({ minimum: 1, description: 'Position in the chain: 1, 2, 3, ... no gap' }),
  at: Type.String({ minLength: 20 }),
  phase: Type.Union([Type.Literal('intent'), Type.Literal('outcome')], {
    description:
      'intent: a write let through, stored before it runs (no status); outcome: how it ended, ' +
      'or a request refused before it ran',
  }),
  intentId: Type.Optional(
    Type.String({ minLength: 1, description: "The outcome's intent entry, when it had one" }),
  ),
  who: Type.Object({
    keyId: Type.Union([Type.String(), Type.Null()]),
    keyName: Type.Union([Type.String(), Type.Null()]),
  }),
  action: Type.String({ description: 'e.g. task.create, device.delete' }),
  target: Type.String({ description: 'e.g. device:<id>, task:<id>' }),
  request: Type.Record(Type.String(), Type.Unknown(), {
    description: 'Parameters and body, secrets removed',
  }),
  status: Type.Optional(Type.Integer({ description: 'Outcomes: HTTP status of the answer' })),
  error: Type.Optional(Type.String()),
  prevHash: hash,
  hash,
};

/** On `acs.audit` (public, out), all under one key so that a consumer gets them in chain order. */
export const AuditEntryMessageSchema = Type.Object({
  schemaVersion: Type.Literal(1),
  ...auditEntryFields,
});

export type AuditEntryMessage = Static<typeof AuditEntryMessageSchema>;

/** The Kafka key of every acs.audit message: one partition, the chain's order. */
export const AUDIT_MESSAGE_KEY = 'nbi-audit';

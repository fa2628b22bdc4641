import { Static, Type } from '@sinclair/typebox';
import { AcsRequestMessageSchema } from './cwmp-schemas';
import { validatorFor } from './validation';

/**
 * One entry of a session's outbox in Redis, written by provisioning (its single writer) and
 * popped by whichever gateway pod serves the CPE's next POST.
 */
export const OutboxEntrySchema = Type.Union([
  Type.Object({
    kind: Type.Literal('rpc'),
    /** Chosen by provisioning; comes back in the RpcResult event. */
    rpcId: Type.String({ minLength: 1 }),
    /** The session the entry was written for: an entry of an older session is discarded. */
    sessionId: Type.String({ minLength: 1 }),
    request: AcsRequestMessageSchema,
    /**
     * How to write it for this device's class (its quirk profile): absent means the CWMP
     * schemas' defaults. Some CPEs reject `true` and want `1`, or NextLevel as a digit.
     */
    encoding: Type.Optional(
      Type.Object({
        booleansAsDigits: Type.Optional(Type.Boolean()),
        dateTimeFractions: Type.Optional(Type.Boolean()),
        nextLevelAsDigit: Type.Optional(Type.Boolean()),
      }),
    ),
  }),
  /** Nothing more to do: the gateway answers 204 and closes the session. */
  Type.Object({ kind: Type.Literal('end'), sessionId: Type.String({ minLength: 1 }) }),
]);

export type OutboxEntry = Static<typeof OutboxEntrySchema>;

export const validateOutboxEntry = validatorFor(OutboxEntrySchema);

import { Type, TSchema } from '@sinclair/typebox';
import {
  ACS_REQUEST_TYPES,
  CPE_REQUEST_TYPES,
  CPE_RESPONSE_TYPES,
  type AcsRequest,
  type CpeRequest,
  type CpeResponse,
  type CwmpVersion,
  type Fault,
  type Inform,
  type ParameterValue,
} from '@acs/cwmp-codec';

/**
 * JSON Schemas of the CWMP payloads that travel inside events. The Inform, parameter values and
 * faults (what consumers read field by field) are described in full; the other messages are
 * checked for their `type` discriminator and object shape, their fields being the codec's types,
 * produced by the codec on the gateway side.
 */
const text = Type.String();

export const CwmpVersionSchema = Type.Unsafe<CwmpVersion>(
  Type.Union(['1.0', '1.1', '1.2', '1.3', '1.4'].map((version) => Type.Literal(version))),
);

export const ParameterValueSchema = Type.Unsafe<ParameterValue>(
  Type.Union([
    Type.Object({
      name: text,
      type: Type.Union([Type.Literal('string'), Type.Literal('base64'), Type.Literal('hexBinary')]),
      value: text,
    }),
    Type.Object({
      name: text,
      type: Type.Union([Type.Literal('int'), Type.Literal('unsignedInt')]),
      value: Type.Integer(),
    }),
    Type.Object({
      name: text,
      type: Type.Union([Type.Literal('long'), Type.Literal('unsignedLong')]),
      value: Type.String({ pattern: '^-?\\d+$' }),
    }),
    Type.Object({ name: text, type: Type.Literal('boolean'), value: Type.Boolean() }),
    Type.Object({
      name: text,
      type: Type.Literal('dateTime'),
      value: Type.Union([text, Type.Null()]),
    }),
  ]),
);

export const InformSchema = Type.Unsafe<Inform>(
  Type.Object({
    type: Type.Literal('Inform'),
    deviceId: Type.Object({
      manufacturer: text,
      oui: Type.String({ minLength: 1 }),
      productClass: text,
      serialNumber: Type.String({ minLength: 1 }),
    }),
    events: Type.Array(Type.Object({ eventCode: text, commandKey: text })),
    maxEnvelopes: Type.Integer({ minimum: 0 }),
    currentTime: Type.Union([text, Type.Null()]),
    retryCount: Type.Integer({ minimum: 0 }),
    parameters: Type.Array(ParameterValueSchema),
  }),
);

export const FaultSchema = Type.Unsafe<Fault>(
  Type.Object({
    type: Type.Literal('Fault'),
    soapFaultCode: text,
    soapFaultString: text,
    faultCode: Type.Integer({ minimum: 0 }),
    faultString: text,
    setParameterValuesFaults: Type.Array(
      Type.Object({ parameterName: text, faultCode: Type.Integer(), faultString: text }),
    ),
  }),
);

function messageOf<T>(types: readonly string[]): TSchema & { static: T } {
  return Type.Unsafe<T>(
    Type.Object(
      { type: Type.Union(types.map((name) => Type.Literal(name))) },
      { additionalProperties: true },
    ),
  );
}

/** The CPE requests that travel in CpeRequest events: all but the Inform, which opens the session. */
export const CPE_REQUEST_EVENT_TYPES = CPE_REQUEST_TYPES.filter(
  (type): type is Exclude<CpeRequest, Inform>['type'] => type !== 'Inform',
);

/** What a CPE asks of the ACS inside a session, the Inform excepted (it opens the session). */
export const CpeRequestMessageSchema =
  messageOf<Exclude<CpeRequest, Inform>>(CPE_REQUEST_EVENT_TYPES);

export const CpeResponseMessageSchema = messageOf<CpeResponse>(CPE_RESPONSE_TYPES);

export const AcsRequestMessageSchema = messageOf<AcsRequest>(ACS_REQUEST_TYPES);

import type { AcsRequest } from '@acs/cwmp-codec';
import { ParameterValueSchema, validatorFor, type RpcResult } from '@acs/contracts';
import { Type } from '@sinclair/typebox';

/**
 * The request an RpcResult answers, for the methods whose answer alone does not say what changed
 * (SetParameterValues: which values; AddObject: under which object; DeleteObject: which object;
 * GetParameterNames: which subtree was listed, for pruning).
 *
 * The RpcResult contract does not carry the request yet (the gateway has it: it is the outbox
 * entry it sent). The proposed change adds `request: AcsRequestMessageSchema` to RpcResult. Until
 * the gateway sends it this finds none, and inventory records those answers without touching the
 * tree rather than guess; once it is sent, it is checked here field by field before use.
 */
const objectName = Type.String({ pattern: '\\.$' });
const RequestSchema = Type.Union([
  Type.Object({
    type: Type.Literal('GetParameterNames'),
    parameterPath: Type.String(),
    nextLevel: Type.Boolean(),
  }),
  Type.Object({
    type: Type.Literal('SetParameterValues'),
    parameterKey: Type.String(),
    parameters: Type.Array(ParameterValueSchema),
  }),
  Type.Object({
    type: Type.Literal('AddObject'),
    objectName,
    parameterKey: Type.String(),
  }),
  Type.Object({
    type: Type.Literal('DeleteObject'),
    objectName,
    parameterKey: Type.String(),
  }),
]);

const validateRequest = validatorFor(RequestSchema);

export function rpcRequestOf(event: RpcResult): AcsRequest | undefined {
  const request: unknown = (event as RpcResult & { request?: unknown }).request;
  if (request === undefined) return undefined;
  const checked = validateRequest(request);
  return checked.ok ? checked.value : undefined;
}

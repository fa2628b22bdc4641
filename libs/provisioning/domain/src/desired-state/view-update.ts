import type { AcsRequest, CpeResponse, Fault } from '@acs/cwmp-codec';
import type { StoredParameter } from '@acs/contracts';
import { DEFAULT_ONLINE_POLICY, learnFromRpcResult, type KnownDevice } from '@acs/inventory-domain';
import { isObjectPath, isUnder } from './paths';
import type { DeviceView, ViewParameter } from './shapes';

export type RpcOutcome =
  | { kind: 'response'; response: CpeResponse }
  | { kind: 'fault'; fault: Fault };

/**
 * What the device's answer to `request` teaches, applied to the view the session works from, so
 * the next step is decided on it. The parameter tree changes exactly as inventory's store does
 * for the same answer (inventory-domain's `learnFromRpcResult`: values with `valueAt`, names and
 * writability, AddObject's new instance, DeleteObject's subtree removed), plus two things the
 * session may rely on and inventory does not keep: a GetParameterValues of a partial path lists
 * the whole subtree, so what was known under it and is no longer listed is gone; and a
 * SetParameterAttributes answer means the notifications asked for are now set. A fault teaches
 * nothing: the view is returned unchanged.
 */
export function applyRpcOutcomeToView(
  view: DeviceView,
  request: AcsRequest,
  outcome: RpcOutcome,
  now: Date,
): DeviceView {
  if (outcome.kind === 'fault') return view;
  const at = now.toISOString();
  const known: KnownDevice = {
    deviceId: view.deviceId,
    dataModelRoot: view.dataModelRoot,
    lastInform: at,
    online: true,
    connectionRequest: {},
    parameters: withPaths(view.parameters),
  };
  const learned = learnFromRpcResult(
    {
      schemaVersion: 1,
      type: 'RpcResult',
      eventId: 'session-view',
      deviceId: view.deviceId,
      sessionId: 'session-view',
      occurredAt: at,
      gatewayPod: 'session-view',
      rpcId: 'session-view',
      method: request.type,
      request,
      result: outcome,
    },
    known,
    DEFAULT_ONLINE_POLICY,
  );
  const parameters = { ...view.parameters };
  for (const base of learned.update?.deleteSubtrees ?? []) deleteSubtree(parameters, base);
  if (
    request.type === 'GetParameterValues' &&
    outcome.response.type === 'GetParameterValuesResponse'
  )
    forgetUnlisted(parameters, request.parameterNames, outcome.response.parameters);
  for (const entry of learned.update?.setParameters ?? [])
    parameters[entry.path] = { ...parameters[entry.path], ...entry };
  for (const table of tablesSeen(request)) parameters[table] ??= { object: true };
  if (
    request.type === 'SetParameterAttributes' &&
    outcome.response.type === 'SetParameterAttributesResponse'
  )
    learnNotifications(parameters, request.parameters, at);
  return { ...view, parameters };
}

/**
 * Objects an answered RPC proves to exist even when it lists nothing under them: the paths a
 * GetParameterValues read, the table a DeleteObject removed an instance from. Knowing the table
 * is what tells "empty" from "never read".
 */
function tablesSeen(request: AcsRequest): string[] {
  if (request.type === 'GetParameterValues') return request.parameterNames.filter(isObjectPath);
  if (request.type === 'DeleteObject') return [request.objectName.replace(/[^.]+\.$/, '')];
  return [];
}

function withPaths(parameters: Record<string, ViewParameter>): Record<string, StoredParameter> {
  const result: Record<string, StoredParameter> = {};
  for (const [path, entry] of Object.entries(parameters)) result[path] = { ...entry, path };
  return result;
}

function deleteSubtree(parameters: Record<string, ViewParameter>, base: string): void {
  for (const path of Object.keys(parameters)) if (isUnder(path, base)) delete parameters[path];
}

/**
 * After GetParameterValues of a partial path, entries under it the answer does not list (nor list
 * anything under) are gone from the device: an instance deleted by the subscriber, say.
 */
function forgetUnlisted(
  parameters: Record<string, ViewParameter>,
  asked: readonly string[],
  listed: readonly { name: string }[],
): void {
  const bases = asked.filter(isObjectPath);
  if (bases.length === 0) return;
  const present = new Set<string>();
  for (const { name } of listed) {
    present.add(name);
    for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1))
      present.add(name.slice(0, dot + 1));
  }
  for (const path of Object.keys(parameters)) {
    if (present.has(path)) continue;
    if (bases.some((base) => path !== base && path.startsWith(base))) delete parameters[path];
  }
}

/** A notification set on a partial path applies to everything under it. */
function learnNotifications(
  parameters: Record<string, ViewParameter>,
  set: readonly { name: string; notificationChange: boolean; notification: number }[],
  at: string,
): void {
  for (const { name, notificationChange, notification } of set) {
    if (!notificationChange) continue;
    parameters[name] = {
      ...(parameters[name] ?? { object: isObjectPath(name) }),
      notification,
      attributesAt: at,
    };
    if (!isObjectPath(name)) continue;
    for (const path of Object.keys(parameters))
      if (path !== name && path.startsWith(name))
        parameters[path] = {
          ...parameters[path],
          object: isObjectPath(path),
          notification,
          attributesAt: at,
        };
  }
}

import type { DeviceUpdate, StoredParameter } from '@acs/contracts';
import { isUnder } from './data-model';
import type { KnownDevice } from './model';

/**
 * What the store will know once `update` is applied, as the learning functions see it. A batch
 * can hold several events of one device (an Inform, then the answers of its session): each is
 * learned against the device as the previous ones left it, so old values, online transitions and
 * "registered" come out right without reading the store between events.
 */
export function project(
  known: KnownDevice | null,
  update: DeviceUpdate | null,
): KnownDevice | null {
  if (!update) return known;
  if (!known && !update.upsert) return null;
  const base: KnownDevice = known ?? {
    deviceId: update.deviceId,
    dataModelRoot: null,
    lastInform: update.occurredAt,
    online: false,
    connectionRequest: {},
    parameters: {},
  };
  const next: KnownDevice = { ...base };
  const upsert = update.upsert ?? {};
  if (upsert.dataModelRoot !== undefined) next.dataModelRoot = upsert.dataModelRoot;
  if (upsert.lastInform !== undefined) next.lastInform = upsert.lastInform;
  if (upsert.periodicInformInterval !== undefined)
    next.periodicInformInterval = upsert.periodicInformInterval;
  if (upsert.onlineUntil !== undefined) next.onlineUntil = upsert.onlineUntil;
  if (upsert.online !== undefined) next.online = upsert.online;
  if (upsert.connectionRequest !== undefined) next.connectionRequest = upsert.connectionRequest;

  if (update.markAllStale || update.setParameters || update.deleteSubtrees) {
    let parameters: Record<string, StoredParameter> = { ...base.parameters };
    if (update.markAllStale)
      parameters = Object.fromEntries(
        Object.entries(parameters).map(([path, p]) => [path, { ...p, stale: true }]),
      );
    for (const subtree of update.deleteSubtrees ?? [])
      for (const path of Object.keys(parameters))
        if (isUnder(path, subtree)) delete parameters[path];
    for (const learned of update.setParameters ?? [])
      parameters[learned.path] = { ...parameters[learned.path], ...learned };
    next.parameters = parameters;
  }
  return next;
}

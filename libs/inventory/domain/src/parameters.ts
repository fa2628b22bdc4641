import type { ParameterChange, StoredParameter } from '@acs/contracts';
import type {
  ParameterAttribute,
  ParameterInfo,
  ParameterValue,
  SetParameterAttributesStruct,
} from '@acs/cwmp-codec';
import { isObjectPath } from './data-model';
import type { KnownDevice } from './model';

/** Last occurrence wins: a CPE that lists one parameter twice must not count as two changes. */
function byPath<T>(items: readonly T[], pathOf: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [pathOf(item), item]));
}

/**
 * Values read from (Inform, GetParameterValues) or set on (SetParameterValues) the CPE, as
 * parameter writes, and the values that differ from what was known. A value learned for the first
 * time is not a change. `clearStale` says a 0 BOOTSTRAP in the same update marks everything stale
 * first, so what is learned now must say it is fresh.
 */
export function learnValues(
  values: readonly ParameterValue[],
  at: string,
  known: KnownDevice | null,
  clearStale: boolean,
): { set: StoredParameter[]; changes: ParameterChange[] } {
  const set: StoredParameter[] = [];
  const changes: ParameterChange[] = [];
  for (const [path, learned] of byPath(values, (value) => value.name)) {
    const before = known?.parameters[path];
    const entry: StoredParameter = {
      path,
      object: false,
      value: learned.value,
      type: learned.type,
      valueAt: at,
    };
    if (clearStale || before?.stale) entry.stale = false;
    set.push(entry);
    if (before?.value !== undefined && before.value !== learned.value)
      changes.push({ path, oldValue: before.value, newValue: learned.value });
  }
  return { set, changes };
}

/**
 * GetParameterNames answers: names and writability. An object the CPE lists exists, so a stale
 * mark on it goes; a parameter's stale mark stays until its value is read again.
 */
export function learnNames(
  infos: readonly ParameterInfo[],
  at: string,
  known: KnownDevice | null,
): StoredParameter[] {
  return [...byPath(infos, (info) => info.name)].map(([path, info]) => {
    const object = isObjectPath(path);
    const entry: StoredParameter = { path, object, writable: info.writable, writableAt: at };
    if (object && known?.parameters[path]?.stale) entry.stale = false;
    return entry;
  });
}

/** GetParameterAttributes answers: notification and access list. */
export function learnAttributes(
  attributes: readonly ParameterAttribute[],
  at: string,
): StoredParameter[] {
  return [...byPath(attributes, (attribute) => attribute.name)].map(([path, attribute]) => ({
    path,
    object: isObjectPath(path),
    notification: attribute.notification,
    accessList: [...attribute.accessList],
    attributesAt: at,
  }));
}

/**
 * SetParameterAttributes the CPE accepted: the notification and access list it now holds, for
 * each parameter named or, for a partial path, each known parameter under it (TR-069 has the
 * attributes apply to the whole subtree). Only the attributes the request changed are written;
 * later entries win, as on the CPE.
 */
export function learnSetAttributes(
  requested: readonly SetParameterAttributesStruct[],
  at: string,
  known: KnownDevice | null,
): StoredParameter[] {
  const learned = new Map<string, StoredParameter>();
  for (const entry of requested) {
    if (!entry.notificationChange && !entry.accessListChange) continue;
    const paths = isObjectPath(entry.name)
      ? Object.keys(known?.parameters ?? {}).filter(
          (path) => !isObjectPath(path) && path.startsWith(entry.name),
        )
      : [entry.name];
    for (const path of paths) {
      const parameter = learned.get(path) ?? { path, object: false, attributesAt: at };
      if (entry.notificationChange) parameter.notification = entry.notification;
      if (entry.accessListChange) parameter.accessList = [...entry.accessList];
      learned.set(path, parameter);
    }
  }
  return [...learned.values()];
}

/**
 * After GetParameterNames of `parameterPath`, what the store holds under it that the CPE no
 * longer lists: the whole subtree was listed (NextLevel false), or only its direct children
 * (NextLevel true). An object with a listed descendant is kept even if the CPE left the object
 * itself out (some do).
 */
export function vanishedAfterNames(
  known: KnownDevice | null,
  request: { parameterPath: string; nextLevel: boolean },
  listed: readonly ParameterInfo[],
): string[] {
  const base = request.parameterPath;
  if (!known || !isObjectPath(base)) return [];
  const names = new Set(listed.map((info) => info.name));
  const vanished: string[] = [];
  for (const path of Object.keys(known.parameters)) {
    if (path === base || !path.startsWith(base) || names.has(path)) continue;
    if (request.nextLevel && !isDirectChild(path, base)) continue;
    if (isObjectPath(path) && listed.some((info) => info.name.startsWith(path))) continue;
    vanished.push(path);
  }
  return vanished;
}

function isDirectChild(path: string, base: string): boolean {
  const rest = path.slice(base.length);
  const dot = rest.indexOf('.');
  return dot === -1 || dot === rest.length - 1;
}

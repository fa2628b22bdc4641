import type { DesiredObject, DesiredValue } from '@acs/contracts';
import type { AppliedConfiguration, MergedDesiredState, Origin } from './shapes';
import { sameValue } from './values';

/**
 * Merges the configurations that apply to one device into one desired state. For each declared
 * thing (a parameter path, an object path with its key, a notification path, a tag), the
 * declaration of the highest precedence wins; between equal precedences, the source whose name
 * sorts first wins, so the outcome never depends on the order configurations were loaded in.
 * Within one configuration, the first declaration of a thing wins. One-off actions are kept from
 * every source (once per source and action id); refresh policies keep the shortest maximum age
 * per path.
 */
export function mergeConfigurations(applied: readonly AppliedConfiguration[]): MergedDesiredState {
  const ordered = [...applied].sort(
    (a, b) => b.precedence - a.precedence || compareText(a.source, b.source),
  );
  const parameters = new Map<string, MergedDesiredState['parameters'][number]>();
  const objects = new Map<string, MergedDesiredState['objects'][number]>();
  const removeUndeclared = new Map<string, MergedDesiredState['removeUndeclared'][number]>();
  const refresh = new Map<string, MergedDesiredState['refresh'][number]>();
  const notifications = new Map<string, MergedDesiredState['notifications'][number]>();
  const tags = new Map<string, 'add' | 'remove'>();
  const actions = new Map<string, MergedDesiredState['actions'][number]>();

  for (const { configuration, precedence, source } of ordered) {
    const origin: Origin = { source, precedence };
    for (const parameter of configuration.parameters ?? [])
      keepFirst(parameters, parameter.path, { ...parameter, ...origin });
    for (const object of configuration.objects ?? [])
      keepFirst(objects, objectIdentity(object), { ...object, ...origin });
    for (const path of configuration.removeUndeclared ?? [])
      keepFirst(removeUndeclared, path, { path, ...origin });
    for (const notification of configuration.notifications ?? [])
      keepFirst(notifications, notification.path, { ...notification, ...origin });
    for (const tag of configuration.tags?.add ?? []) keepFirst(tags, tag, 'add');
    for (const tag of configuration.tags?.remove ?? []) keepFirst(tags, tag, 'remove');
    for (const action of configuration.actions ?? [])
      keepFirst(actions, `${source}\u0000${action.id}`, { action, ...origin });
    for (const policy of configuration.refresh ?? []) {
      const kept = refresh.get(policy.path);
      if (!kept || policy.maxAgeSeconds < kept.maxAgeSeconds)
        refresh.set(policy.path, { ...policy, ...origin });
    }
  }

  const tagEntries = [...tags];
  return {
    parameters: [...parameters.values()],
    objects: [...objects.values()],
    removeUndeclared: [...removeUndeclared.values()],
    refresh: [...refresh.values()],
    notifications: [...notifications.values()],
    tags: {
      add: tagEntries.filter(([, change]) => change === 'add').map(([tag]) => tag),
      remove: tagEntries.filter(([, change]) => change === 'remove').map(([tag]) => tag),
    },
    actions: [...actions.values()],
  };
}

/**
 * Two object declarations mean the same instances when they name the same object and the same
 * key (names in any order; values compared as `sameValue` does, so `true` and `1` are one key).
 */
function objectIdentity(object: DesiredObject): string {
  const key = Object.keys(object.key)
    .sort()
    .map((name) => `${name}=${canonicalKeyValue(object.key[name])}`);
  return `${object.path}\u0000${key.join('\u0000')}`;
}

function canonicalKeyValue(value: DesiredValue | undefined): string {
  if (value === undefined) return '';
  if (sameValue(value, true)) return 'true';
  if (sameValue(value, false)) return 'false';
  return String(value).trim();
}

function keepFirst<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (!map.has(key)) map.set(key, value);
}

/** Code-point order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import { instanceNumber, instanceOf } from './paths';
import type { DesiredObject } from '@acs/contracts';
import type { DeviceView, Origin, RenderedDesiredState } from './shapes';
import { sameValue } from './values';

type Declaration = DesiredObject & Origin;

/** Where each object declaration stands on this device. */
export interface ObjectPlan {
  /** Known instances of every declared multi-instance object, by object path, in number order. */
  instances: Map<string, string[]>;
  /** Object paths whose instances cannot be judged from the view (unknown, stale, keys unread). */
  unclear: string[];
  /** Instances to delete, in order. */
  deletions: { instance: string; reason: string }[];
  /** `present` declarations that need a new instance. */
  creations: Declaration[];
  /** Instances each `present` declaration applies to (matching or adopted), with its declaration. */
  targets: { declaration: Declaration; instance: string }[];
}

type KeyState = 'equal' | 'different' | 'unknown';

/**
 * Instances are identified by key values, never by number. An instance matches a declaration
 * when every key parameter is known and equal. An instance whose key parameters are not known
 * at all (only its node: what AddObject leaves) is adopted by the first `present` declaration
 * without a match, so the instance it created gets its key and values set instead of another
 * AddObject. Declarations are ranked as merged (precedence, then source): a `present` and an
 * `absent` declaration that would fight over one instance are settled by rank, so the engine
 * never deletes what it creates.
 */
export function planObjects(desired: RenderedDesiredState, view: DeviceView): ObjectPlan {
  const tables = new Set([
    ...desired.objects.map((object) => object.path),
    ...desired.removeUndeclared.map((entry) => entry.path),
  ]);
  const instances = knownInstances(view, tables);
  const ranked = desired.objects.map((declaration, rank) => ({ declaration, rank }));
  const present = ranked.filter(({ declaration }) => declaration.ensure !== 'absent');
  const absent = ranked.filter(({ declaration }) => declaration.ensure === 'absent');
  const overruled = (candidate: { declaration: Declaration; rank: number }) =>
    absent.some((a) => a.rank < candidate.rank && wouldMatch(a.declaration, candidate.declaration));
  const active = present.filter((candidate) => !overruled(candidate));
  const keyState = (declaration: Declaration, instance: string, name: string): KeyState =>
    stateOf(view, `${instance}${name}`, declaration.key[name]);
  const matchesInstance = (declaration: Declaration, instance: string) =>
    Object.keys(declaration.key).every((name) => keyState(declaration, instance, name) === 'equal');

  const targets: ObjectPlan['targets'] = [];
  const claimed = new Set<string>();
  const matched = new Map<Declaration, string[]>();
  for (const { declaration } of active) {
    const found = (instances.get(declaration.path) ?? []).filter((i) =>
      matchesInstance(declaration, i),
    );
    matched.set(declaration, found);
    for (const instance of found) {
      claimed.add(instance);
      targets.push({ declaration, instance });
    }
  }

  const creations: Declaration[] = [];
  for (const { declaration } of active) {
    if ((matched.get(declaration) ?? []).length > 0 || declaration.create === false) continue;
    const adoptable = (instances.get(declaration.path) ?? []).find(
      (instance) =>
        !claimed.has(instance) &&
        Object.keys(declaration.key).every(
          (name) => keyState(declaration, instance, name) !== 'different',
        ) &&
        Object.keys(declaration.key).some(
          (name) => keyState(declaration, instance, name) === 'unknown',
        ),
    );
    if (adoptable) {
      claimed.add(adoptable);
      targets.push({ declaration, instance: adoptable });
    } else creations.push(declaration);
  }

  const deletions: ObjectPlan['deletions'] = [];
  const doomed = new Set<string>();
  const doom = (instance: string, reason: string) => {
    if (doomed.has(instance)) return;
    doomed.add(instance);
    deletions.push({ instance, reason });
  };
  for (const { declaration, rank } of absent)
    for (const instance of instances.get(declaration.path) ?? []) {
      if (!matchesInstance(declaration, instance)) continue;
      const kept = active.some(
        (p) => p.rank < rank && (matched.get(p.declaration) ?? []).includes(instance),
      );
      if (!kept) doom(instance, `absent in ${declaration.source}`);
    }
  for (const { path, source } of desired.removeUndeclared) {
    const declared = active.filter(({ declaration }) => declaration.path === path);
    for (const instance of instances.get(path) ?? []) {
      if (claimed.has(instance)) continue;
      // Never delete what might be a declared instance whose keys are not read yet.
      const surelyUndeclared = declared.every(({ declaration }) =>
        Object.keys(declaration.key).some(
          (name) => keyState(declaration, instance, name) === 'different',
        ),
      );
      if (surelyUndeclared) doom(instance, `not declared (removeUndeclared in ${source})`);
    }
  }

  return {
    instances,
    unclear: [...tables].filter((table) =>
      isUnclear(view, table, instances.get(table) ?? [], desired),
    ),
    deletions,
    creations,
    targets,
  };
}

function knownInstances(view: DeviceView, tables: Set<string>): Map<string, string[]> {
  const found = new Map<string, Set<string>>(
    [...tables].map((table) => [table, new Set<string>()]),
  );
  for (const path of Object.keys(view.parameters))
    for (const table of tables) {
      const instance = instanceOf(path, table);
      if (instance) found.get(table)?.add(instance);
    }
  return new Map(
    [...found].map(([table, set]) => [
      table,
      [...set].sort((a, b) => instanceNumber(a) - instanceNumber(b)),
    ]),
  );
}

function stateOf(
  view: DeviceView,
  path: string,
  desired: DesiredObject['key'][string] | undefined,
): KeyState {
  const entry = view.parameters[path];
  if (desired === undefined || entry?.value === undefined || entry.value === null) return 'unknown';
  return sameValue(desired, entry.value, entry.type) ? 'equal' : 'different';
}

/**
 * The instances of a table must be read before they are judged when nothing is known of it (no
 * instance, not even the table's own node, which a listing, a read or a deletion in it leaves
 * behind), when what is known is stale (0 BOOTSTRAP), or when a declared key parameter is known
 * by name but not by value (a GetParameterNames taught it).
 */
function isUnclear(
  view: DeviceView,
  table: string,
  instances: readonly string[],
  desired: RenderedDesiredState,
): boolean {
  const node = view.parameters[table];
  // No instance known: unclear, unless the table itself is known (listed, or read empty).
  if (instances.length === 0) return !node || node.stale === true;
  const keyNames = new Set(
    desired.objects.filter((o) => o.path === table).flatMap((o) => Object.keys(o.key)),
  );
  for (const [path, entry] of Object.entries(view.parameters)) {
    if (!path.startsWith(table)) continue;
    if (entry.stale) return true;
    const instance = instanceOf(path, table);
    if (instance && keyNames.has(path.slice(instance.length)) && entry.value === undefined)
      return true;
  }
  return false;
}

/** True when the instance `present` would create (its key and values) is one `absent` deletes. */
function wouldMatch(absent: DesiredObject, present: DesiredObject): boolean {
  if (absent.path !== present.path) return false;
  return Object.entries(absent.key).every(([name, value]) => {
    const created = present.key[name] ?? present.values?.[name];
    return created !== undefined && sameValue(value, created);
  });
}

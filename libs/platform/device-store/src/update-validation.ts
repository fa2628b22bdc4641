/**
 * Checks on what writers hand the store, shared by the adapters: a malformed update fails its
 * whole batch with a typed error naming it, before anything is written.
 */
import { DeviceUpdate, MAX_TAGS_PER_DEVICE, StoredParameter } from './device-store';

export class InvalidDeviceUpdateError extends Error {
  constructor(
    /** Where: `updates[3].setParameters[0].path`. */
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'InvalidDeviceUpdateError';
  }
}

export class InvalidTagsError extends Error {
  constructor(
    readonly code: 'invalid-tag' | 'too-many-tags',
    detail: string,
  ) {
    super(detail);
    this.name = 'InvalidTagsError';
  }
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';
const VALUE_TYPES = new Set(['string', 'number', 'boolean']);

export function validateUpdates(updates: readonly DeviceUpdate[]): void {
  if (!Array.isArray(updates)) throw new InvalidDeviceUpdateError('updates', 'expects an array');
  updates.forEach((update, i) => validateUpdate(update, `updates[${i}]`));
}

function validateUpdate(update: DeviceUpdate, at: string): void {
  const fail = (field: string, detail: string) => {
    throw new InvalidDeviceUpdateError(`${at}.${field}`, detail);
  };
  if (!nonEmpty(update.eventId)) fail('eventId', 'expects a non-empty string');
  if (!nonEmpty(update.deviceId)) fail('deviceId', 'expects a non-empty string');
  if (!nonEmpty(update.occurredAt)) fail('occurredAt', 'expects an ISO time');
  update.setParameters?.forEach((parameter, j) => {
    const problem = parameterProblem(parameter);
    if (problem) fail(`setParameters[${j}]`, problem);
  });
  update.deleteSubtrees?.forEach((path, j) => {
    if (!nonEmpty(path)) fail(`deleteSubtrees[${j}]`, 'expects a path');
  });
  update.addEvents?.forEach((event, j) => {
    if (!nonEmpty(event.eventId) || !nonEmpty(event.kind) || !nonEmpty(event.occurredAt)) {
      fail(`addEvents[${j}]`, 'needs eventId, kind and occurredAt');
    }
    if (event.deviceId !== update.deviceId) fail(`addEvents[${j}].deviceId`, 'not the update’s');
  });
  update.addFaults?.forEach((fault, j) => {
    if (!nonEmpty(fault.faultId) || !nonEmpty(fault.code) || !nonEmpty(fault.occurredAt)) {
      fail(`addFaults[${j}]`, 'needs faultId, code and occurredAt');
    }
    if (fault.deviceId !== update.deviceId) fail(`addFaults[${j}].deviceId`, 'not the update’s');
  });
  if (update.posture !== undefined && !Array.isArray(update.posture))
    fail('posture', 'expects an array of findings');
  update.posture?.forEach((finding, j) => {
    if (!nonEmpty(finding.id) || !SEVERITIES.has(finding.severity))
      fail(`posture[${j}]`, 'needs an id and a severity (low, medium, high or critical)');
  });
}

const SEVERITIES: ReadonlySet<string> = new Set(['low', 'medium', 'high', 'critical']);

function parameterProblem(parameter: StoredParameter): string | null {
  if (!nonEmpty(parameter.path)) return 'expects a path';
  if (typeof parameter.object !== 'boolean') return 'object must be true or false';
  if (parameter.object !== parameter.path.endsWith('.'))
    return 'objects, and only they, end with a dot';
  const { value } = parameter;
  if (value !== undefined && value !== null && !VALUE_TYPES.has(typeof value)) {
    return 'value must be a string, number, boolean or null';
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'value must be finite';
  return null;
}

export const MAX_TAG_LENGTH = 128;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Checks the lists given to updateTags. */
export function validateTagChange(add: readonly string[], remove: readonly string[]): void {
  for (const [name, list] of [
    ['add', add],
    ['remove', remove],
  ] as const) {
    if (!Array.isArray(list))
      throw new InvalidTagsError('invalid-tag', `${name}: expects an array`);
    if (list.length > MAX_TAGS_PER_DEVICE) {
      throw new InvalidTagsError('too-many-tags', `${name}: more than ${MAX_TAGS_PER_DEVICE} tags`);
    }
    for (const tag of list) {
      if (
        typeof tag !== 'string' ||
        tag.length === 0 ||
        tag.length > MAX_TAG_LENGTH ||
        CONTROL.test(tag)
      ) {
        throw new InvalidTagsError(
          'invalid-tag',
          `${name}: ${JSON.stringify(tag)} is not a tag (1-${MAX_TAG_LENGTH} characters, no control characters)`,
        );
      }
    }
  }
}

/** The tags a device ends up with: removals first, then additions (a tag in both stays). */
export function changedTags(
  current: readonly string[],
  add: readonly string[],
  remove: readonly string[],
): string[] {
  const removed = new Set(remove);
  const result = new Set(current.filter((tag) => !removed.has(tag)));
  for (const tag of add) result.add(tag);
  return [...result].sort();
}

export function tooManyTags(deviceId: string): InvalidTagsError {
  return new InvalidTagsError(
    'too-many-tags',
    `${deviceId} would hold more than ${MAX_TAGS_PER_DEVICE} tags; nothing was changed`,
  );
}

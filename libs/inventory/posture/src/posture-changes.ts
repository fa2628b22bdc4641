import type { PostureFinding } from '@acs/contracts';
import { severityRank } from './assess-posture';

/** Tags carry findings so presets and device filters can target them (`posture:acs-url-http`). */
export const POSTURE_TAG_PREFIX = 'posture:';

export function postureTag(findingId: string): string {
  return `${POSTURE_TAG_PREFIX}${findingId}`;
}

/** The tag changes that make a device's posture tags say `after`, given the tags it holds. */
export function postureTagChanges(
  tags: readonly string[],
  after: readonly PostureFinding[],
): { add: string[]; remove: string[] } {
  const wanted = new Set(after.map((finding) => postureTag(finding.id)));
  const held = new Set(tags.filter((tag) => tag.startsWith(POSTURE_TAG_PREFIX)));
  return {
    add: [...wanted].filter((tag) => !held.has(tag)),
    remove: [...held].filter((tag) => !wanted.has(tag)),
  };
}

/**
 * The findings by which `after` is worse than `before`: new ones, and ones whose severity rose.
 * A finding that went away or got milder is not a worsening.
 */
export function postureWorsening(
  before: readonly PostureFinding[],
  after: readonly PostureFinding[],
): PostureFinding[] {
  const previous = new Map(before.map((finding) => [finding.id, finding]));
  return after.filter((finding) => {
    const old = previous.get(finding.id);
    return !old || severityRank(finding.severity) > severityRank(old.severity);
  });
}

/** Whether two assessments say the same (order-insensitive): the store need not be written. */
export function samePosture(a: readonly PostureFinding[], b: readonly PostureFinding[]): boolean {
  if (a.length !== b.length) return false;
  const key = (f: PostureFinding) => JSON.stringify([f.id, f.severity, f.evidence]);
  const keys = new Set(a.map(key));
  return b.every((finding) => keys.has(key(finding)));
}

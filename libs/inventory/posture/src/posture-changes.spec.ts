import type { PostureFinding } from '@acs/contracts';
import { postureTagChanges, postureWorsening, samePosture } from './posture-changes';

const finding = (id: string, severity: PostureFinding['severity']): PostureFinding => ({
  id,
  severity,
  evidence: {},
});

describe('posture changes', () => {
  it('says which posture tags to add and remove, leaving other tags alone', () => {
    expect(
      postureTagChanges(
        ['lab', 'posture:acs-url-http', 'posture:cwmp-version-old'],
        [finding('acs-url-http', 'medium'), finding('remote-access-enabled', 'high')],
      ),
    ).toEqual({ add: ['posture:remote-access-enabled'], remove: ['posture:cwmp-version-old'] });
  });

  it('counts new findings and raised severities as worse, not cleared or milder ones', () => {
    const before = [finding('a', 'medium'), finding('b', 'high'), finding('c', 'low')];
    const after = [finding('a', 'critical'), finding('b', 'low'), finding('d', 'low')];
    expect(postureWorsening(before, after).map((f) => f.id)).toEqual(['a', 'd']);
    expect(postureWorsening(after, after)).toEqual([]);
  });

  it('compares assessments whatever their order', () => {
    const a = [finding('a', 'low'), finding('b', 'high')];
    expect(samePosture(a, [...a].reverse())).toBe(true);
    expect(samePosture(a, [finding('a', 'low')])).toBe(false);
    expect(samePosture(a, [finding('a', 'low'), finding('b', 'critical')])).toBe(false);
  });
});

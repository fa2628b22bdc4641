import type { CampaignPlan } from './campaign-plan';
import { campaignActionAllowed, completedState } from './campaign-state';
import { progressAfter, type DeviceProgress, type ProgressContext } from './device-progress';
import { campaignPlanProblems } from './plan-problems';
import { firedStopRule, type FinishedDevice } from './stop-rules';
import { assignWaves, nextWaveStep, startBudget, waveSizes } from './waves';

const plan: CampaignPlan = {
  mode: 'active',
  canary: { share: 0.05, soakSeconds: 600 },
  waves: { kind: 'equal', count: 3 },
  maxInFlight: 50,
  maxPerMinute: 100,
  stopRules: [{ kind: 'ratio', failures: 'any', over: 20, atLeast: 0.25 }],
  retries: { max: 1, backoffSeconds: 60 },
  confirmTimeoutSeconds: 3600,
};

describe('waves', () => {
  it('splits 500 devices into a 5 % canary and three equal waves', () => {
    expect(waveSizes(500, plan)).toEqual([25, 159, 158, 158]);
  });

  it('takes fixed sizes with the rest in the last wave, and grows exponential waves', () => {
    expect(waveSizes(100, { waves: { kind: 'sizes', sizes: [10, 20, 5] } })).toEqual([10, 20, 70]);
    expect(waveSizes(20, { waves: { kind: 'sizes', sizes: [10, 20, 5] } })).toEqual([10, 10]);
    expect(
      waveSizes(100, {
        canary: { count: 3, soakSeconds: 0 },
        waves: { kind: 'exponential', initial: 5, factor: 2 },
      }),
    ).toEqual([3, 5, 10, 20, 40, 22]);
  });

  it('never makes an empty wave, and a canary of at least one device', () => {
    expect(waveSizes(2, plan)).toEqual([1, 1]);
    expect(waveSizes(1, plan)).toEqual([1]);
    expect(waveSizes(0, plan)).toEqual([]);
  });

  it('assigns every device once, the same way each time, sampling the canary across the fleet', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `OUI-PC-${String(i).padStart(4, '0')}`);
    const sizes = waveSizes(ids.length, plan);
    const waves = assignWaves('campaign-1', ids, sizes);
    expect(assignWaves('campaign-1', [...ids].reverse(), sizes)).toEqual(waves);
    const counts = sizes.map((_, wave) => [...waves.values()].filter((w) => w === wave).length);
    expect(counts).toEqual(sizes);
    const canary = ids.filter((id) => waves.get(id) === 0);
    // A sample, not the first serial numbers: canary members span the whole range.
    expect(canary.some((id) => ids.indexOf(id) >= 250)).toBe(true);
    expect(canary.some((id) => ids.indexOf(id) < 250)).toBe(true);
    expect(assignWaves('campaign-2', ids, sizes)).not.toEqual(waves);
  });

  it('soaks after the canary, then moves wave by wave, and ends after the last', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    const waves = [
      { total: 25, finished: 25 },
      { total: 159, finished: 3 },
      { total: 158, finished: 0 },
    ];
    expect(nextWaveStep(plan, waves, { currentWave: 1 }, now)).toEqual({ kind: 'stay' });
    const soak = nextWaveStep(plan, waves, { currentWave: 0 }, now);
    expect(soak).toEqual({ kind: 'soak', until: new Date('2026-12-07T10:10:00Z') });
    const during = { currentWave: 0, soakUntil: new Date('2026-12-07T10:10:00Z') };
    expect(nextWaveStep(plan, waves, during, new Date('2026-12-07T10:09:59Z'))).toEqual({
      kind: 'stay',
    });
    expect(nextWaveStep(plan, waves, during, new Date('2026-12-07T10:10:00Z'))).toEqual({
      kind: 'next',
      wave: 1,
    });
    const ended = waves.map((wave) => ({ ...wave, finished: wave.total }));
    expect(nextWaveStep(plan, ended, { currentWave: 1 }, now)).toEqual({ kind: 'next', wave: 2 });
    expect(nextWaveStep(plan, ended, { currentWave: 2 }, now)).toEqual({ kind: 'done' });
  });

  it('starts no more than the in-flight and per-minute limits leave', () => {
    expect(startBudget(plan, 0, 0)).toBe(50);
    expect(startBudget(plan, 45, 0)).toBe(5);
    expect(startBudget(plan, 10, 95)).toBe(5);
    expect(startBudget(plan, 60, 0)).toBe(0);
  });
});

describe('stop rules', () => {
  const finished = (failures: Array<'confirmed' | 'unconfirmed' | undefined>): FinishedDevice[] =>
    failures.map((failure, i) => ({ deviceId: `d${i}`, ...(failure ? { failure } : {}) }));

  it('fires a ratio rule only once its window is full, naming the failed devices', () => {
    const rule = { kind: 'ratio', failures: 'any', over: 4, atLeast: 0.5 } as const;
    expect(
      firedStopRule([rule], { confirmed: 2, unconfirmed: 0 }, finished(['confirmed', 'confirmed'])),
    ).toBeNull();
    const fired = firedStopRule(
      [rule],
      { confirmed: 1, unconfirmed: 1 },
      finished(['confirmed', undefined, 'unconfirmed', undefined, 'confirmed']),
    );
    expect(fired).toMatchObject({ ruleIndex: 0, devices: ['d0', 'd2'] });
    expect(fired?.observed).toContain('2 of the last 4');
    expect(
      firedStopRule(
        [rule],
        { confirmed: 1, unconfirmed: 0 },
        finished(['confirmed', undefined, undefined, undefined, 'confirmed']),
      ),
    ).toBeNull();
  });

  it('counts only the failures the rule names', () => {
    const rules = [
      { kind: 'count', failures: 'unconfirmed', atLeast: 3 },
      { kind: 'count', failures: 'confirmed', atLeast: 2 },
    ] as const;
    const recent = finished(['confirmed', 'unconfirmed', 'confirmed']);
    expect(firedStopRule(rules, { confirmed: 1, unconfirmed: 2 }, recent)).toBeNull();
    expect(firedStopRule(rules, { confirmed: 2, unconfirmed: 2 }, recent)).toMatchObject({
      ruleIndex: 1,
      devices: ['d0', 'd2'],
    });
  });
});

describe("a device's progress", () => {
  const now = new Date('2026-12-07T10:00:00Z');
  const context: ProgressContext = { targetVersion: '2.1.0', plan, now };
  const at = (state: DeviceProgress['state'], attempts = 1): DeviceProgress => ({
    state,
    attempts,
    startedAt: '2026-12-07T09:00:00Z',
  });

  it('goes scheduled → downloading → transferred → confirmed', () => {
    let progress: DeviceProgress | null = at('scheduled');
    progress = progressAfter(progress, { kind: 'download-accepted' }, context);
    expect(progress?.state).toBe('downloading');
    progress =
      progress &&
      progressAfter(
        progress,
        { kind: 'transfer-complete', faultCode: 0, faultString: '' },
        context,
      );
    expect(progress?.state).toBe('transferred');
    progress =
      progress &&
      progressAfter(progress, { kind: 'version-reported', version: 'v2.1', boot: true }, context);
    expect(progress).toMatchObject({ state: 'confirmed', attempts: 1 });
    expect(progress?.failure).toBeUndefined();
  });

  it('fails for good on a fault that would come again, and retries one that may pass', () => {
    const corrupt = progressAfter(
      at('downloading'),
      { kind: 'transfer-complete', faultCode: 9018, faultString: 'corrupt' },
      context,
    );
    expect(corrupt).toMatchObject({
      state: 'failed',
      failure: { kind: 'confirmed', code: '9018' },
    });
    const flaky = progressAfter(
      at('downloading'),
      { kind: 'transfer-complete', faultCode: 9010, faultString: 'x' },
      context,
    );
    expect(flaky).toMatchObject({
      state: 'pending',
      retryAt: '2026-12-07T10:01:00.000Z',
      failure: { code: '9010' },
    });
    const again = progressAfter(
      at('downloading', 2),
      { kind: 'transfer-complete', faultCode: 9010, faultString: 'x' },
      context,
    );
    expect(again).toMatchObject({ state: 'failed', failure: { code: '9010' } });
  });

  it('fails a device that came back on its old version, and one that never said anything', () => {
    expect(
      progressAfter(
        at('transferred'),
        { kind: 'version-reported', version: '2.0.0', boot: true },
        context,
      ),
    ).toMatchObject({ state: 'failed', failure: { kind: 'confirmed', code: 'version-unchanged' } });
    expect(progressAfter(at('transferred'), { kind: 'timed-out' }, context)).toMatchObject({
      state: 'failed',
      failure: { kind: 'unconfirmed', code: 'no-return' },
    });
    // No TransferComplete: retried once (it may have been lost), then failed.
    expect(progressAfter(at('downloading'), { kind: 'timed-out' }, context)?.state).toBe('failed');
  });

  it('confirms by version alone where the profile says TransferComplete never comes', () => {
    const versionOnly = { ...context, plan: { ...plan, confirmByVersionOnly: true } };
    expect(
      progressAfter(
        at('downloading'),
        { kind: 'version-reported', version: '2.1.0', boot: true },
        versionOnly,
      )?.state,
    ).toBe('confirmed');
    expect(
      progressAfter(
        at('downloading'),
        { kind: 'version-reported', version: '2.0.0', boot: true },
        versionOnly,
      )?.state,
    ).toBe('failed');
    // Without the profile setting, a boot on the old version while downloading is not the verdict.
    expect(
      progressAfter(
        at('downloading'),
        { kind: 'version-reported', version: '2.0.0', boot: true },
        context,
      ),
    ).toBeNull();
  });

  it('ignores what does not apply to its state (a redelivered event)', () => {
    expect(
      progressAfter(
        at('confirmed'),
        { kind: 'transfer-complete', faultCode: 9010, faultString: '' },
        context,
      ),
    ).toBeNull();
    expect(progressAfter(at('pending', 0), { kind: 'timed-out' }, context)).toBeNull();
    expect(
      progressAfter(
        at('transferred'),
        { kind: 'transfer-complete', faultCode: 0, faultString: '' },
        context,
      ),
    ).toBeNull();
  });
});

describe('plans and campaign states', () => {
  const now = new Date('2026-12-07T10:00:00Z');

  it('accepts a sound plan and names every bad field of another', () => {
    expect(campaignPlanProblems(plan, now)).toEqual([]);
    const bad: CampaignPlan = {
      ...plan,
      canary: { share: 1.5, count: 3, soakSeconds: -1 },
      waves: { kind: 'sizes', sizes: [10, 0] },
      maxInFlight: 0,
      stopRules: [{ kind: 'ratio', failures: 'any', over: 0, atLeast: 2 }],
      deadline: '2026-12-01T00:00:00Z',
      window: { start: '22:00', end: '4:00', timeZone: 'UTC' },
    };
    expect(campaignPlanProblems(bad, now).map((problem) => problem.field)).toEqual([
      'canary',
      'canary.share',
      'canary.soakSeconds',
      'waves.sizes[1]',
      'maxInFlight',
      'window',
      'stopRules[0].over',
      'stopRules[0].atLeast',
      'deadline',
    ]);
  });

  it('allows only the moves that make sense', () => {
    expect(campaignActionAllowed('resume', 'paused')).toBe(true);
    expect(campaignActionAllowed('resume', 'running')).toBe(false);
    expect(campaignActionAllowed('cancel', 'completed')).toBe(false);
    expect(campaignActionAllowed('pause', 'running')).toBe(true);
    expect(completedState(0)).toBe('completed');
    expect(completedState(3)).toBe('completed_with_failures');
  });
});

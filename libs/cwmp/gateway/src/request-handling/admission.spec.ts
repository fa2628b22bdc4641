import { Admission, ADMISSION_HOLD_MS } from './admission';

describe('admission budget', () => {
  let now = 1_000_000;
  const clock = () => now;
  const make = (budget: number) =>
    new Admission(budget, { minSeconds: 30, maxSeconds: 120 }, undefined, clock, () => 0.5);

  it('takes new sessions up to the budget, then refuses until one ends', () => {
    const admission = make(2);
    admission.reserve()?.commit('a', now + 30_000);
    admission.reserve()?.commit('b', now + 30_000);
    expect(admission.reserve()).toBeNull();
    admission.end('a');
    expect(admission.reserve()).not.toBeNull();
  });

  it('counts reservations still being authenticated, and frees them on release', () => {
    const admission = make(1);
    const seat = admission.reserve();
    expect(admission.reserve()).toBeNull();
    seat?.release();
    seat?.release();
    expect(admission.reserve()).not.toBeNull();
  });

  it('forgets sessions silent on this pod past their deadline', () => {
    const admission = make(1);
    admission.reserve()?.commit('a', now + 30_000);
    expect(admission.reserve()).toBeNull();
    now += 31_000;
    expect(admission.reserve()).not.toBeNull();
  });

  it('frees the place of a session that went on (and ended) on another pod after the hold, not at its deadline', () => {
    const admission = make(1);
    admission.reserve()?.commit('a', now + 30_000);
    now += ADMISSION_HOLD_MS - 1;
    expect(admission.reserve()).toBeNull();
    // A request of the session served here again renews its place.
    admission.touch('a', now + 30_000);
    now += ADMISSION_HOLD_MS - 1;
    expect(admission.reserve()).toBeNull();
    now += 200;
    expect(admission.reserve()).not.toBeNull();
  });

  it('takes nothing new while draining', () => {
    const admission = make(10);
    admission.drain();
    expect(admission.reserve()).toBeNull();
    expect(admission.isDraining).toBe(true);
  });

  it('spreads Retry-After over the configured range', () => {
    const values = [0, 0.5, 0.999].map((r) =>
      new Admission(
        1,
        { minSeconds: 30, maxSeconds: 120 },
        undefined,
        clock,
        () => r,
      ).retryAfterSeconds(),
    );
    expect(values).toEqual([30, 75, 120]);
  });
});

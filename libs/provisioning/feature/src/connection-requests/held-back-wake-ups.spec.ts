import { RecordingLog } from '../commands/test-support/command-fixture';
import { HeldBackWakeUps, type HeldBackAttemptResult } from './held-back-wake-ups';

describe('HeldBackWakeUps', () => {
  const attempts: string[] = [];
  let answers: HeldBackAttemptResult[];
  let heldBack: HeldBackWakeUps;
  beforeEach(() => {
    attempts.length = 0;
    answers = [];
    heldBack = new HeldBackWakeUps(async (deviceId) => {
      attempts.push(deviceId);
      return answers.shift() ?? { outcome: 'ok' };
    }, new RecordingLog());
  });
  afterEach(() => heldBack.stop());

  const settled = async () => {
    const deadline = Date.now() + 3_000;
    while (heldBack.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('keeps one request per device, at the earlier of two times', () => {
    const first = heldBack.hold('a', 'task', 10_000);
    expect(heldBack.hold('a', 'task', 20_000)).toBe(first);
    expect(heldBack.hold('a', 'task', 50)).toBeLessThan(first);
    expect(heldBack.size).toBe(1);
    heldBack.cancel('a');
    expect(heldBack.size).toBe(0);
  });

  it('pauses every due request on a platform-wide refusal, then sends them in order', async () => {
    answers = [{ outcome: 'rate-limited', limit: 'global', retryAfterMs: 50 }];
    heldBack.hold('a', 'task', 0);
    heldBack.hold('b', 'task', 0);
    await settled();
    // `a` refused once for the platform: `b` was not asked meanwhile, then both went.
    expect(attempts).toEqual(['a', 'a', 'b']);
  });

  it('holds a request again when the device interval refuses it anew', async () => {
    answers = [{ outcome: 'rate-limited', limit: 'device', retryAfterMs: 30 }];
    heldBack.hold('a', 'task', 0);
    await settled();
    expect(attempts).toEqual(['a', 'a']);
  });
});

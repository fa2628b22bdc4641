import { campaignActionAllowed } from './campaign-state';
import { progressAfter, type DeviceProgress } from './device-progress';
import {
  readFaultMeansNoBanks,
  rollbackAfter,
  rollbackCandidateStates,
  rollbackReading,
  rollbackRequested,
  rollbackRoute,
  rollbackRouted,
  withRollbackTasks,
  type RollingDevice,
} from './rollback';

const at = new Date('2026-12-07T10:00:00Z');
const later = new Date('2026-12-07T10:05:00Z');
const TABLE = 'Device.DeviceInfo.FirmwareImage.';

const confirmed: DeviceProgress = {
  state: 'confirmed',
  attempts: 1,
  startedAt: '2026-12-07T09:00:00.000Z',
};

function requested(progress: DeviceProgress = confirmed): RollingDevice {
  const next = rollbackRequested(progress, '2.0.0', { scope: 'all', at, note: 'bad Wi-Fi' });
  if (!next.rollback) throw new Error('no rollback');
  return { ...next, rollback: next.rollback };
}

const reading = () => withRollbackTasks(rollbackReading(requested(), at), ['read-1']);

const bankSwitch = (): RollingDevice =>
  withRollbackTasks(
    rollbackRouted(reading(), { method: 'bank-switch', bank: `${TABLE}1` }, '2.1.0'),
    ['set-1', 'reboot-1'],
  );

const downgrade = (): RollingDevice =>
  withRollbackTasks(
    rollbackRouted(
      reading(),
      { method: 'downgrade', imageId: 'img-2.0.0', commandKey: 'fw-c1-rb' },
      undefined,
    ),
    ['download-1'],
  );

const bank = (instance: number, version: string, status: string, available = true) => [
  { name: `${TABLE}${instance}.Version`, value: version },
  { name: `${TABLE}${instance}.Status`, value: status },
  { name: `${TABLE}${instance}.Available`, value: available },
  { name: `${TABLE}${instance}.Name`, value: `fw-${version}.img` },
];

describe('rollback: which devices, and on which campaigns', () => {
  it('is an action on a paused campaign only', () => {
    expect(campaignActionAllowed('rollback', 'paused')).toBe(true);
    for (const state of ['scheduled', 'running', 'completed', 'cancelled'] as const)
      expect(campaignActionAllowed('rollback', state)).toBe(false);
  });

  it("takes the failed devices, or every device the rollout's Download reached", () => {
    expect(rollbackCandidateStates('failed')).toEqual(['failed']);
    expect(rollbackCandidateStates('all')).toEqual([
      'downloading',
      'transferred',
      'confirmed',
      'failed',
    ]);
  });

  it('keeps what the rollout recorded and waits for the engine; without a previous version it fails at once', () => {
    const failed: DeviceProgress = {
      state: 'failed',
      attempts: 2,
      failure: { kind: 'confirmed', code: '9010', message: 'x' },
    };
    expect(rollbackRequested(failed, '2.0.0', { scope: 'failed', at })).toEqual({
      ...failed,
      state: 'rollback-pending',
      rollback: {
        scope: 'failed',
        requestedAt: at.toISOString(),
        from: 'failed',
        toVersion: '2.0.0',
      },
    });
    expect(rollbackRequested(failed, undefined, { scope: 'failed', at })).toMatchObject({
      state: 'rollback-failed',
      failure: failed.failure,
      rollback: { failure: { code: 'unknown-previous-version' }, finishedAt: at.toISOString() },
    });
  });

  it('is out of the rollout: no rollout signal moves a device under rollback', () => {
    const context = {
      targetVersion: '2.1.0',
      plan: { retries: { max: 3, backoffSeconds: 1 } },
      now: at,
    };
    for (const device of [requested(), bankSwitch()]) {
      expect(
        progressAfter(device, { kind: 'version-reported', version: '2.1.0', boot: true }, context),
      ).toBeNull();
      expect(progressAfter(device, { kind: 'timed-out' }, context)).toBeNull();
    }
  });
});

describe('rollback: routing from the firmware banks', () => {
  it('boots the bank that holds the previous version, and says what the device runs', () => {
    const values = [...bank(1, '2.0.0', 'Available'), ...bank(2, '2.1.0', 'Active')];
    expect(rollbackRoute(values, '2.0.0')).toEqual({
      method: 'bank-switch',
      bank: `${TABLE}1`,
      fromVersion: '2.1.0',
    });
    // A device that never booted the new image: its previous version is the active bank.
    const failedToBoot = [...bank(1, '2.0.0', 'Active'), ...bank(2, '2.1.0', 'ActivationFailed')];
    expect(rollbackRoute(failedToBoot, '2.0.0')).toMatchObject({ bank: `${TABLE}1` });
  });

  it('downgrades when no bootable bank holds the previous version', () => {
    expect(
      rollbackRoute([...bank(1, '2.1.0', 'Active'), ...bank(2, '', 'NoImage')], '2.0.0'),
    ).toEqual({ method: 'downgrade', fromVersion: '2.1.0' });
    for (const status of ['NoImage', 'ActivationFailed', 'InstallationFailed', 'Downloading'])
      expect(rollbackRoute(bank(2, '2.0.0', status), '2.0.0').method).toBe('downgrade');
    expect(rollbackRoute(bank(2, '2.0.0', 'Available', false), '2.0.0').method).toBe('downgrade');
    expect(rollbackRoute([], '2.0.0')).toEqual({ method: 'downgrade' });
  });

  it('compares versions as versions and ignores rows it cannot read', () => {
    const values = [
      { name: `${TABLE}3.Version`, value: 'v2.0' },
      { name: `${TABLE}3.Status`, value: 'Available' },
      { name: `${TABLE}x.Version`, value: '2.0.0' },
      { name: 'Device.DeviceInfo.SoftwareVersion', value: '2.0.0' },
    ];
    expect(rollbackRoute(values, '2.0')).toEqual({ method: 'bank-switch', bank: `${TABLE}3` });
  });

  it('reads 9005 to the bank read as a device without banks', () => {
    expect(readFaultMeansNoBanks('9005')).toBe(true);
    expect(readFaultMeansNoBanks('9002')).toBe(false);
  });

  it('records the route and every task', () => {
    expect(bankSwitch()).toMatchObject({
      state: 'rolling-back',
      rollback: {
        method: 'bank-switch',
        bank: `${TABLE}1`,
        fromVersion: '2.1.0',
        startedAt: at.toISOString(),
        taskIds: ['read-1', 'set-1', 'reboot-1'],
      },
    });
    expect(downgrade().rollback).toMatchObject({
      method: 'downgrade',
      imageId: 'img-2.0.0',
      commandKey: 'fw-c1-rb',
    });
  });
});

describe('rollback: the verdict', () => {
  const booted = (version: string, extra: { afterReboot?: boolean; afterTransfer?: boolean }) =>
    ({ kind: 'version-reported', version, boot: true, ...extra }) as const;

  it('is rolled back when the device comes back with the previous version', () => {
    expect(
      rollbackAfter(bankSwitch(), booted('2.0.0', { afterReboot: true }), later),
    ).toMatchObject({ state: 'rolled-back', rollback: { finishedAt: later.toISOString() } });
    expect(
      rollbackAfter(downgrade(), { kind: 'version-reported', version: '2.0.0', boot: false }, later)
        ?.state,
    ).toBe('rolled-back');
  });

  it("fails when the boot the rollback caused brings another version; other boots don't count", () => {
    expect(
      rollbackAfter(bankSwitch(), booted('2.1.0', { afterReboot: true }), later),
    ).toMatchObject({
      state: 'rollback-failed',
      rollback: { failure: { code: 'wrong-version' }, finishedAt: later.toISOString() },
    });
    expect(rollbackAfter(bankSwitch(), booted('2.1.0', {}), later)).toBeNull();
    expect(rollbackAfter(downgrade(), booted('2.1.0', { afterReboot: true }), later)).toBeNull();
    expect(rollbackAfter(downgrade(), booted('2.1.0', { afterTransfer: true }), later)?.state).toBe(
      'rollback-failed',
    );
    // Still reading the banks: the device has not been asked to boot anything yet.
    expect(rollbackAfter(reading(), booted('2.1.0', { afterReboot: true }), later)).toBeNull();
  });

  it('fails with the fault of any of its tasks, on expiry, or when the device does not come back', () => {
    expect(
      rollbackAfter(bankSwitch(), { kind: 'task-failed', code: '9007', message: 'bad' }, later)
        ?.rollback.failure,
    ).toEqual({ code: '9007', message: 'bad' });
    expect(
      rollbackAfter(
        downgrade(),
        { kind: 'transfer-complete', faultCode: 9010, faultString: '' },
        later,
      )?.rollback.failure,
    ).toEqual({ code: '9010', message: 'fault 9010' });
    expect(
      rollbackAfter(
        downgrade(),
        { kind: 'transfer-complete', faultCode: 0, faultString: '' },
        later,
      ),
    ).toBeNull();
    expect(rollbackAfter(downgrade(), { kind: 'download-accepted' }, later)).toBeNull();
    expect(
      rollbackAfter(bankSwitch(), { kind: 'task-expired' }, later)?.rollback.failure?.code,
    ).toBe('task-expired');
    expect(rollbackAfter(reading(), { kind: 'timed-out' }, later)?.rollback.failure?.code).toBe(
      'no-answer',
    );
    expect(rollbackAfter(bankSwitch(), { kind: 'timed-out' }, later)?.rollback.failure?.code).toBe(
      'no-return',
    );
  });

  it('says nothing of devices whose rollback is not under way', () => {
    const ended = rollbackAfter(bankSwitch(), booted('2.0.0', { afterReboot: true }), later);
    if (!ended) throw new Error('not rolled back');
    expect(rollbackAfter(ended, { kind: 'timed-out' }, later)).toBeNull();
    expect(rollbackAfter(requested(), { kind: 'task-expired' }, later)).toBeNull();
  });
});

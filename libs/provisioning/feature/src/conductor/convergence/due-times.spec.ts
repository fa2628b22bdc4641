import type { Configuration, Preset } from '@acs/contracts';
import { newSessionProgress } from '@acs/provisioning-domain';
import type { PresetSnapshot } from '../../ports';
import { nextDueTime } from './due-times';

const NOW = new Date('2026-11-21T12:00:00Z');
const RETRY_MS = 60_000;

const progress = newSessionProgress({
  sessionId: 's',
  deviceId: 'd',
  identity: {
    oui: '0253AC',
    productClass: 'SimGateway-181',
    serialNumber: 'SN1',
    manufacturer: 'x',
  },
  informValues: [],
  eventCodes: ['2 PERIODIC'],
  softwareVersion: null,
  markerVersion: 1,
  writesBefore: 0,
});

function preset(id: string, match: Preset['match'], extra: Partial<Preset> = {}): Preset {
  const stamps = { version: 1, createdAt: '', updatedAt: '' };
  return { id, ...stamps, name: id, configurationId: id, precedence: 1, match, ...extra };
}

function snapshot(presets: Preset[], refresh: Record<string, number> = {}): PresetSnapshot {
  const configurations = new Map<string, Configuration>();
  for (const { id } of presets) {
    const maxAgeSeconds = refresh[id];
    configurations.set(id, {
      id,
      version: 1,
      createdAt: '',
      updatedAt: '',
      name: id,
      ...(maxAgeSeconds ? { refresh: [{ path: 'Device.WiFi.', maxAgeSeconds }] } : {}),
    });
  }
  return { revision: 1, presets, configurations };
}

describe('when time alone gives a device work again', () => {
  it('is never for presets without schedules or refresh policies', () => {
    expect(nextDueTime(snapshot([preset('p', {})]), progress, NOW, RETRY_MS)).toBeNull();
  });

  it('is the earliest of the next schedule window and the shortest refresh age', () => {
    const presets = [
      preset('night', { schedule: { from: '23:00', to: '02:00' } }),
      preset('wifi', {}),
    ];
    const due = nextDueTime(snapshot(presets, { wifi: 3600 }), progress, NOW, RETRY_MS);
    expect(due).toBe(NOW.getTime() + 3600_000);
    const later = nextDueTime(snapshot(presets, { wifi: 86_400 }), progress, NOW, RETRY_MS);
    expect(later).toBe(Date.parse('2026-11-21T23:00:00Z'));
  });

  it('leaves out the window of a disabled preset', () => {
    const off = preset('night', { schedule: { from: '23:00', to: '02:00' } }, { enabled: false });
    expect(nextDueTime(snapshot([off]), progress, NOW, RETRY_MS)).toBeNull();
  });

  it('retries after the retry delay once convergence faulted', () => {
    const faulted = { ...progress, convergenceFault: true };
    expect(nextDueTime(snapshot([]), faulted, NOW, RETRY_MS)).toBe(NOW.getTime() + RETRY_MS);
  });
});

import { Simulator } from '@acs/cpe-simulator';
import type { OperatorApi } from '@acs/testing';

/** Devices of each data model, so the per-device operations meet TR-181 and TR-098 trees. */
const PROFILES = ['tr181', 'tr098'] as const;
const DEVICES_PER_PROFILE = 2;

/**
 * Simulated CPEs run their bootstrap session against the app and stop, and their ids come back:
 * with no device at all, every operation under /devices/{deviceId} would answer 404 to every
 * case and its handler past the lookup would go untested.
 */
export async function seedDevices(cwmpUrl: string, api: OperatorApi): Promise<string[]> {
  for (const profile of PROFILES) {
    const simulator = new Simulator({
      acsUrl: cwmpUrl,
      devices: DEVICES_PER_PROFILE,
      profile,
      // Without the profiles' '-', which a device id escapes (%2D) and a URL then decodes.
      productClass: `Fuzz${profile.toUpperCase()}`,
      periodicEnabled: false,
      connectionRequests: false,
    });
    await simulator.start();
    try {
      await api.until(
        async () => simulator.stats(),
        (stats) => stats.sessionsOk >= DEVICES_PER_PROFILE,
      );
    } finally {
      await simulator.stop();
    }
  }
  const expected = PROFILES.length * DEVICES_PER_PROFILE;
  const listed = await api.until(
    () => api.call<{ devices: { deviceId: string }[] }>('GET', '/devices?projection=deviceId'),
    (answer) => answer.status === 200 && answer.body.devices.length === expected,
  );
  return listed.body.devices.map((device) => device.deviceId);
}

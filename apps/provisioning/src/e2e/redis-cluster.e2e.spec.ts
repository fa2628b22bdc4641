import { deviceIdOf, REDIS_KEYS, type Task } from '@acs/contracts';
import { useProvisioningStack } from '../test-support/provisioning-stack';

const OUI = '0253AC';
const TR181 = 'SimGateway-181';
const SERIALS = ['PRV0101', 'PRV0102', 'PRV0103'];
const path = (deviceId: string) => `/devices/${encodeURIComponent(deviceId)}`;

describe('the scaled platform on a Redis Cluster (REDIS_CLUSTER_NODES)', () => {
  const stack = useProvisioningStack({ redis: 'cluster' });

  it('says so at start, and runs tasks on devices whose keys live on different masters', async () => {
    for (const service of [stack().gateway, stack().provisioning]) {
      const adapters = service
        .output()
        .split('\n')
        .find((line) => line.includes('"adapters"'));
      expect(adapters).toMatch(/"redis":\{"topology":"cluster","nodes":\["127\.0\.0\.1:\d+"/);
    }
    const simulator = await stack().simulate({
      devices: SERIALS.length,
      serialPattern: 'PRV%04d',
      firstOrdinal: 101,
    });
    const deviceIds = SERIALS.map((serialNumber) =>
      deviceIdOf({ oui: OUI, productClass: TR181, serialNumber }),
    );
    const { redis } = stack();
    if (!('masterOf' in redis)) throw new Error('the stack should run on a Redis Cluster');
    const masters = new Set<string>();
    for (const deviceId of deviceIds) {
      masters.add((await redis.masterOf(REDIS_KEYS.session(deviceId))).address);
    }
    expect(masters.size).toBeGreaterThan(1);
    for (const deviceId of deviceIds) await stack().api.deviceKnown(deviceId);
    for (const [index, deviceId] of deviceIds.entries()) {
      for (const request of [
        { type: 'getParameterValues', payload: { parameterNames: ['Device.DeviceInfo.'] } },
        {
          type: 'setParameterValues',
          payload: { values: [{ name: 'Device.WiFi.SSID.1.SSID', value: `cluster-${index}` }] },
        },
        { type: 'addObject', payload: { objectName: 'Device.NAT.PortMapping.' } },
      ]) {
        await stack().api.expect(201, 'POST', `${path(deviceId)}/tasks`, request);
      }
    }
    for (const serial of SERIALS) simulator.device(serial).informNow('6 CONNECTION REQUEST');

    for (const [index, deviceId] of deviceIds.entries()) {
      const tasks = await stack().api.until(
        async () =>
          (
            await stack().api.expect<{ tasks: Task[] }>(
              200,
              'GET',
              `/tasks?limit=100&deviceId=${encodeURIComponent(deviceId)}`,
            )
          ).tasks,
        (found) => found.length === 3 && found.every((task) => task.status === 'done'),
        60_000,
      );
      expect(tasks.map((task) => task.attempts)).toEqual([1, 1, 1]);
      const serial = SERIALS[index] ?? '';
      expect(simulator.device(serial).parameter('Device.WiFi.SSID.1.SSID')?.value).toBe(
        `cluster-${index}`,
      );
    }
  }, 120_000);
});

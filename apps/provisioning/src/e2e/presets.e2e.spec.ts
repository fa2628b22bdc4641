import { deviceIdOf, type Configuration, type Preset } from '@acs/contracts';
import { nextSession, type Simulator } from '@acs/cpe-simulator';
import { useProvisioningStack } from '../test-support/provisioning-stack';
import { PublicEvents } from '../test-support/public-events';

const OUI = '0253AC';
const PRODUCT = { tr181: 'SimGateway-181', tr098: 'SimIGD-098' } as const;
const WAN = 'InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.';

/** SSID and passphrase per band, a camera's port mapping, and a refresh of the hosts table. */
const TR181_CONFIGURATION = {
  name: 'tr181 home wifi',
  objects: [
    {
      path: 'Device.WiFi.SSID.',
      key: { LowerLayers: 'Device.WiFi.Radio.1' },
      values: { SSID: '{{subscriber:wifi.ssid}}' },
      create: false,
    },
    {
      path: 'Device.WiFi.SSID.',
      key: { LowerLayers: 'Device.WiFi.Radio.2' },
      values: { SSID: '{{subscriber:wifi.ssid}}-5G' },
      create: false,
    },
    {
      path: 'Device.WiFi.AccessPoint.',
      key: { SSIDReference: 'Device.WiFi.SSID.1' },
      values: { 'Security.KeyPassphrase': '{{subscriber:wifi.passphrase}}' },
      create: false,
    },
    {
      path: 'Device.NAT.PortMapping.',
      key: { ExternalPort: 8080, Protocol: 'TCP' },
      values: { InternalClient: '192.168.1.20', InternalPort: 80, Enable: true },
    },
  ],
  refresh: [{ path: 'Device.Hosts.', maxAgeSeconds: 3600 }],
};

const TR098_CONFIGURATION = {
  name: 'tr098 home wifi',
  objects: [
    {
      path: 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.',
      key: { Standard: 'g' },
      values: { SSID: 'igd-{{device:serialNumber}}-2G' },
      create: false,
    },
    {
      path: 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.',
      key: { Standard: 'a' },
      values: { SSID: 'igd-{{device:serialNumber}}-5G' },
      create: false,
    },
    {
      path: `${WAN}PortMapping.`,
      key: { ExternalPort: 2222, PortMappingProtocol: 'TCP' },
      values: { InternalClient: '192.168.1.30', InternalPort: 22, PortMappingEnabled: true },
    },
  ],
};

describe('presets, zero-touch and the round limit through the scaled platform', () => {
  const stack = useProvisioningStack({ env: { PROVISIONING_QUARANTINE_TAG: 'quarantine' } });
  let events: PublicEvents;

  beforeAll(async () => {
    events = new PublicEvents(stack().kafka);
    await events.start();
  }, 30_000);
  afterAll(async () => {
    await events.stop();
  });

  async function preset(name: string, configuration: object, filter: object, precedence = 10) {
    const created = await stack().api.expect<Configuration>(
      201,
      'POST',
      '/configurations',
      configuration,
    );
    return stack().api.expect<Preset>(201, 'POST', '/presets', {
      name,
      configurationId: created.id,
      precedence,
      match: { filter },
    });
  }

  async function boot(profile: 'tr181' | 'tr098', ordinal: number) {
    const simulator = await stack().simulate({
      profile,
      serialPattern: 'ZT%04d',
      firstOrdinal: ordinal,
    });
    const serial = `ZT${String(ordinal).padStart(4, '0')}`;
    // Listening at once: the bootstrap session is already under way.
    const bootstrap = nextSession(simulator, serial, 30_000);
    return { simulator, serial, device: simulator.device(serial), bootstrap };
  }

  const settled = async (simulator: Simulator, serial: string) => {
    const session = nextSession(simulator, serial, 30_000);
    simulator.device(serial).informNow('6 CONNECTION REQUEST');
    return session;
  };

  it('converges a TR-181 device to its subscriber profile at first contact, then leaves it alone', async () => {
    const profile = await stack().api.expect<Configuration>(
      201,
      'POST',
      '/configurations',
      TR181_CONFIGURATION,
    );
    await stack().api.expect(200, 'PUT', '/subscribers', {
      subscribers: [
        {
          subscriberId: 'sub-0001',
          serialNumber: 'ZT0001',
          profile: profile.id,
          data: { wifi: { ssid: 'Garcia', passphrase: 'correct horse battery' } },
        },
      ],
    });
    const { simulator, serial, device, bootstrap } = await boot('tr181', 1);
    expect(await bootstrap).toEqual(expect.objectContaining({ ok: true }));
    expect(device.parameter('Device.NAT.PortMapping.1.InternalClient')?.value).toBe('192.168.1.20');
    expect(device.parameter('Device.WiFi.SSID.1.SSID')?.value).toBe('Garcia');
    expect(device.parameter('Device.WiFi.SSID.2.SSID')?.value).toBe('Garcia-5G');
    expect(device.parameter('Device.WiFi.AccessPoint.1.Security.KeyPassphrase')?.value).toBe(
      'correct horse battery',
    );
    expect(device.parameter('Device.NAT.PortMapping.1.ExternalPort')?.value).toBe(8080);
    expect(device.parameter('Device.NAT.PortMappingNumberOfEntries')?.value).toBe(1);

    // Provisioning decides from what inventory stored, which it learns from the session events
    // after the session ended: until it has, a next session would redo the work.
    const deviceId = deviceIdOf({ oui: OUI, productClass: PRODUCT.tr181, serialNumber: serial });
    await stack().api.until(
      () =>
        stack().api.call<{ parameters?: Record<string, { value: unknown }> }>(
          'GET',
          `/devices/${encodeURIComponent(deviceId)}`,
        ),
      ({ status, body }) =>
        status === 200 &&
        body.parameters?.['Device.WiFi.SSID.2.SSID']?.value === 'Garcia-5G' &&
        body.parameters?.['Device.NAT.PortMapping.1.InternalClient']?.value === '192.168.1.20' &&
        body.parameters?.['Device.Hosts.Host.3.HostName']?.value === 'host-3',
    );
    // Converged: the next session costs no RPC at all, and no second port mapping appears.
    const again = await settled(simulator, serial);
    expect(again).toEqual(expect.objectContaining({ ok: true, rpcCount: 0 }));
    expect(device.parameter('Device.NAT.PortMappingNumberOfEntries')?.value).toBe(1);
  }, 90_000);

  it('converges a TR-098 device through a preset filtered on its product class', async () => {
    await preset('igd wifi', TR098_CONFIGURATION, { productClass: PRODUCT.tr098 });
    await stack().api.expect(200, 'PUT', '/subscribers', {
      subscribers: [{ subscriberId: 'sub-0002', serialNumber: 'ZT0002', data: {} }],
    });
    const { device, bootstrap } = await boot('tr098', 2);
    const wlan = 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.';
    expect(await bootstrap).toEqual(expect.objectContaining({ ok: true }));
    expect(device.parameter(`${WAN}PortMapping.1.InternalClient`)?.value).toBe('192.168.1.30');
    expect(device.parameter(`${wlan}1.SSID`)?.value).toBe('igd-ZT0002-2G');
    expect(device.parameter(`${wlan}2.SSID`)?.value).toBe('igd-ZT0002-5G');
  }, 90_000);

  it('quarantines an unknown device with no service profile, and says so once', async () => {
    const { simulator, serial, bootstrap } = await boot('tr181', 3);
    await bootstrap;
    const deviceId = deviceIdOf({ oui: OUI, productClass: PRODUCT.tr181, serialNumber: serial });
    const quarantined = await stack().api.until(
      () =>
        stack().api.call<{ tags?: string[] }>('GET', `/devices/${encodeURIComponent(deviceId)}`),
      (answer) => answer.status === 200 && (answer.body.tags ?? []).includes('quarantine'),
    );
    expect(quarantined.body.tags).toContain('quarantine');
    await settled(simulator, serial);
    await stack().api.until(
      async () => events.of('DeviceQuarantined', deviceId),
      (found) => found.length === 1,
    );
    expect(events.of('DeviceQuarantined', deviceId)).toHaveLength(1);
  }, 90_000);

  it('records a fault instead of looping when a device cannot converge', async () => {
    // The simulator rejects a value outside the parameter's range: the preset can never apply.
    await preset(
      'impossible',
      { name: 'bad mtu', parameters: [{ path: `${WAN}MaxMTUSize`, value: 9000 }] },
      { serialNumber: 'ZT0004' },
    );
    await stack().api.expect(200, 'PUT', '/subscribers', {
      subscribers: [{ subscriberId: 'sub-0004', serialNumber: 'ZT0004', data: {} }],
    });
    const { simulator, serial, bootstrap } = await boot('tr098', 4);
    await bootstrap;
    const deviceId = deviceIdOf({ oui: OUI, productClass: PRODUCT.tr098, serialNumber: serial });
    const faults = await stack().api.until(
      () =>
        stack().api.expect<{ faults: { code: string; source: string }[] }>(
          200,
          'GET',
          `/faults?deviceId=${encodeURIComponent(deviceId)}`,
        ),
      (answer) => answer.faults.some((fault) => fault.source.startsWith('provisioning')),
      30_000,
    );
    expect(faults.faults.find((f) => f.source.startsWith('provisioning'))?.code).toBe('9007');
    // The session ended; a new one is not spent re-sending the same failing value at once.
    const next = await settled(simulator, serial);
    expect(next.ok).toBe(true);
    expect(events.of('ProvisioningFaultRaised', deviceId).length).toBeGreaterThanOrEqual(1);
  }, 90_000);
});

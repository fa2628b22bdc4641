import type { FakeParameter } from './fake-cpe';
import type { DeviceView } from '../shapes';

const rw = (
  value: FakeParameter['value'],
  type: FakeParameter['type'] = 'string',
): FakeParameter => ({
  value,
  type,
  writable: true,
});
const ro = (
  value: FakeParameter['value'],
  type: FakeParameter['type'] = 'string',
): FakeParameter => ({
  value,
  type,
  writable: false,
});

/** Paths and defaults as the simulator's TR-181 profile has them (libs/cwmp/simulator). */
export function tr181Tree(serial: string): Record<string, FakeParameter> {
  const tree: Record<string, FakeParameter> = {
    'Device.DeviceInfo.SerialNumber': ro(serial),
    'Device.DeviceInfo.SoftwareVersion': ro('1.2.3'),
    'Device.ManagementServer.PeriodicInformInterval': rw(3600, 'unsignedInt'),
    'Device.NAT.PortMappingNumberOfEntries': ro(0, 'unsignedInt'),
  };
  for (const i of [1, 2]) {
    const band = i === 1 ? '2G' : '5G';
    Object.assign(tree, {
      [`Device.WiFi.Radio.${i}.Enable`]: rw(true, 'boolean'),
      [`Device.WiFi.Radio.${i}.OperatingFrequencyBand`]: rw(i === 1 ? '2.4GHz' : '5GHz'),
      [`Device.WiFi.Radio.${i}.Channel`]: rw(i === 1 ? 6 : 36, 'unsignedInt'),
      [`Device.WiFi.SSID.${i}.Enable`]: rw(true, 'boolean'),
      [`Device.WiFi.SSID.${i}.LowerLayers`]: rw(`Device.WiFi.Radio.${i}.`),
      [`Device.WiFi.SSID.${i}.SSID`]: rw(`${serial}-${band}`),
      [`Device.WiFi.AccessPoint.${i}.Enable`]: rw(true, 'boolean'),
      [`Device.WiFi.AccessPoint.${i}.SSIDReference`]: rw(`Device.WiFi.SSID.${i}.`),
      [`Device.WiFi.AccessPoint.${i}.Security.ModeEnabled`]: rw('WPA2-Personal'),
      [`Device.WiFi.AccessPoint.${i}.Security.KeyPassphrase`]: rw(`key-${serial}`),
    });
  }
  return tree;
}

export const TR181_PORT_MAPPING_DEFAULTS: Record<string, FakeParameter> = {
  Enable: rw(false, 'boolean'),
  Status: ro('Disabled'),
  Interface: rw('Device.IP.Interface.1'),
  ExternalPort: rw(0, 'unsignedInt'),
  InternalPort: rw(0, 'unsignedInt'),
  Protocol: rw('TCP'),
  InternalClient: rw(''),
  Description: rw(''),
};

export function portMapping(
  instance: number,
  fields: Partial<Record<keyof typeof TR181_PORT_MAPPING_DEFAULTS, FakeParameter['value']>>,
): Record<string, FakeParameter> {
  const tree: Record<string, FakeParameter> = {};
  for (const [name, parameter] of Object.entries(TR181_PORT_MAPPING_DEFAULTS)) {
    const value = fields[name as keyof typeof fields];
    tree[`Device.NAT.PortMapping.${instance}.${name}`] = {
      ...parameter,
      ...(value !== undefined ? { value } : {}),
    };
  }
  return tree;
}

const IGD_WLAN = 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.';

/** Paths as the simulator's TR-098 profile has them. */
export function tr098Tree(serial: string): Record<string, FakeParameter> {
  const tree: Record<string, FakeParameter> = {
    'InternetGatewayDevice.DeviceInfo.SerialNumber': ro(serial),
    'InternetGatewayDevice.ManagementServer.PeriodicInformInterval': rw(3600, 'unsignedInt'),
  };
  for (const i of [1, 2])
    Object.assign(tree, {
      [`${IGD_WLAN}${i}.Enable`]: rw(true, 'boolean'),
      [`${IGD_WLAN}${i}.Channel`]: rw(i === 1 ? 6 : 36, 'unsignedInt'),
      [`${IGD_WLAN}${i}.SSID`]: rw(`${serial}-${i === 1 ? '2G' : '5G'}`),
      [`${IGD_WLAN}${i}.BeaconType`]: rw('11i'),
      [`${IGD_WLAN}${i}.Standard`]: ro(i === 1 ? 'g' : 'a'),
      [`${IGD_WLAN}${i}.PreSharedKey.1.KeyPassphrase`]: rw(`key-${serial}`),
    });
  return tree;
}

export const IDENTITY_181: Omit<DeviceView, 'parameters'> = {
  deviceId: '0253AC-SimGateway%2D181-SIM0001',
  oui: '0253AC',
  productClass: 'SimGateway-181',
  serialNumber: 'SIM0001',
  manufacturer: 'Simulated Networks',
  tags: ['region:north', 'plan:gold'],
  dataModelRoot: 'Device.',
};

export const IDENTITY_098: Omit<DeviceView, 'parameters'> = {
  deviceId: '0253AC-SimIGD%2D098-SIM0002',
  oui: '0253AC',
  productClass: 'SimIGD-098',
  serialNumber: 'SIM0002',
  manufacturer: 'Simulated Networks',
  tags: [],
  dataModelRoot: 'InternetGatewayDevice.',
};

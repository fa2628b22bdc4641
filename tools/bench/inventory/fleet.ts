import type { AcsRequest } from '@acs/cwmp-codec';
import { deviceIdOf, type RpcResult, type SessionEvent, type SessionOpened } from '@acs/contracts';
import {
  buildInform,
  changeLocally,
  createDeviceState,
  handleRpc,
  profileNamed,
  type DeviceState,
} from '@acs/cpe-simulator';

/**
 * A synthetic fleet for the inventory benchmark: simulator devices (TR-181 and TR-098 in turn),
 * spread over 20 product classes and 50 software versions so that queries by either select a
 * realistic share of the fleet. Everything derives from the device's ordinal: nothing is kept
 * per device between phases, so the process's RSS is the store's and the consumer's.
 */
export const PRODUCT_CLASSES = 20;
export const SOFTWARE_VERSIONS = 50;

export interface FleetDevice {
  ordinal: number;
  serial: string;
  productClass: string;
  softwareVersion: string;
  root: 'Device.' | 'InternetGatewayDevice.';
  deviceId: string;
  state: DeviceState;
}

export function fleetDevice(ordinal: number): FleetDevice {
  const profile = profileNamed(ordinal % 2 === 0 ? 'tr181' : 'tr098');
  const root = ordinal % 2 === 0 ? 'Device.' : 'InternetGatewayDevice.';
  const serial = `B${String(ordinal).padStart(8, '0')}`;
  const productClass = `${profile.identity.productClass}-${ordinal % PRODUCT_CLASSES}`;
  const softwareVersion = softwareVersionOf(ordinal);
  const factory = new Map<string, string>([
    [profile.paths.connectionRequestUrl, `http://10.${ordinal % 250}.0.1:7547/cr/${serial}`],
    [profile.paths.softwareVersion, softwareVersion],
    [`${root}DeviceInfo.ProductClass`, productClass],
  ]);
  const state = createDeviceState(profile, serial, ordinal, factory);
  const deviceId = deviceIdOf({ oui: profile.identity.oui, productClass, serialNumber: serial });
  return { ordinal, serial, productClass, softwareVersion, root, deviceId, state };
}

export function softwareVersionOf(ordinal: number): string {
  return `3.${Math.floor(ordinal / 2) % SOFTWARE_VERSIONS}.0`;
}

function base(device: FleetDevice, eventId: string, at: Date) {
  return {
    schemaVersion: 1 as const,
    eventId,
    deviceId: device.deviceId,
    sessionId: `${device.deviceId}/${eventId}`,
    occurredAt: at.toISOString(),
    gatewayPod: 'bench',
  };
}

function opened(device: FleetDevice, state: DeviceState, eventId: string, at: Date): SessionOpened {
  const inform = buildInform(state, 0, at);
  inform.deviceId.productClass = device.productClass;
  return {
    ...base(device, eventId, at),
    type: 'SessionOpened',
    cwmpVersion: '1.4',
    namespace: 'urn:dslforum-org:cwmp-1-2',
    remoteAddress: '198.51.100.7',
    inform,
  };
}

/** A first session: the bootstrap Inform, then the ACS reads the whole tree (~300 values). */
export function firstSession(device: FleetDevice, at: Date): SessionEvent[] {
  const request: AcsRequest = { type: 'GetParameterValues', parameterNames: [device.root] };
  const outcome = handleRpc(device.state, request);
  if (outcome.reply.type !== 'GetParameterValuesResponse')
    throw new Error(`the simulator refused the GPV of ${device.root}`);
  const read: RpcResult = {
    ...base(device, `${device.deviceId}/gpv`, new Date(at.getTime() + 50)),
    type: 'RpcResult',
    rpcId: 'bench-gpv',
    method: 'GetParameterValues',
    result: { kind: 'response', response: outcome.reply },
  };
  return [opened(device, device.state, `${device.deviceId}/boot`, at), read];
}

/** A periodic Inform (`round` unique per run), reporting a changed value when `changed`. */
export function periodicInform(
  device: FleetDevice,
  round: string,
  at: Date,
  changed: boolean,
): SessionOpened {
  let state: DeviceState = {
    ...device.state,
    pendingEvents: [{ eventCode: '2 PERIODIC', commandKey: '' }],
  };
  if (changed)
    state = changeLocally(
      state,
      `${device.root}DeviceInfo.ProvisioningCode`,
      `round-${round}`,
    ).state;
  return opened(device, state, `${device.deviceId}/periodic-${round}`, at);
}

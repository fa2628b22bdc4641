import type { DesiredObject, DesiredParameter, StoredDevice } from '@acs/contracts';
import type { AcsRequest } from '@acs/cwmp-codec';
import type { DeviceReads } from '@acs/device-store';
import type { ConfigurationStore, SubscriberStore } from '@acs/provisioning-data-access';
import { previewConvergence, resolveQuirks, type QuirkProfile } from '@acs/provisioning-domain';
import { ConfigurationNotFoundError, DeviceNotFoundError } from './errors';

export interface PreviewConfigurationPorts {
  devices: Pick<DeviceReads, 'get'>;
  configurations: Pick<ConfigurationStore, 'get'>;
  subscribers: Pick<SubscriberStore, 'findForDevice'>;
  /** The device classes' quirk profiles, as provisioning resolves them in sessions. */
  quirkProfiles: readonly QuirkProfile[];
  now: () => Date;
}

/** A declared value as the device would get it, beside what the device is known to hold. */
export type PreviewedParameter = DesiredParameter & {
  current?: string | number | boolean | null;
};

export interface ConfigurationPreview {
  deviceId: string;
  configurationId: string;
  configurationVersion: number;
  /**
   * `converges`: the RPCs bring the device to the configuration; `does-not-converge`: a session
   * would stop after them with `message` as a fault; `template-fault`: a template cannot be filled
   * on this device (`message`, `template`), so a session would send nothing.
   */
  outcome: 'converges' | 'does-not-converge' | 'template-fault';
  message?: string;
  template?: string;
  /** The quirk profiles the device's class matches (they shape the RPCs: batch sizes, reads). */
  quirkProfiles: string[];
  /** Every declared value with its templates filled (absent for a template fault). */
  parameters: PreviewedParameter[];
  objects: DesiredObject[];
  /** In order; reads are assumed answered with what is stored, changes accepted. */
  rpcs: { purpose: string; request: AcsRequest }[];
}

/**
 * What a configuration would do to one device before any preset applies it: its values rendered
 * for the device (with its subscriber record's data) and the RPCs a session would send, planned
 * by the same convergence step sessions use (`previewConvergence`). Nothing is sent or stored.
 */
export class PreviewConfiguration {
  constructor(private readonly ports: PreviewConfigurationPorts) {}

  async execute(input: {
    deviceId: string;
    configurationId: string;
  }): Promise<ConfigurationPreview> {
    const { deviceId, configurationId } = input;
    const device = await this.ports.devices.get(deviceId);
    if (!device) throw new DeviceNotFoundError([deviceId]);
    const configuration = await this.ports.configurations.get(configurationId);
    if (!configuration) throw new ConfigurationNotFoundError(configurationId);
    const subscriber = await this.ports.subscribers.findForDevice({
      deviceId,
      oui: device.oui,
      serialNumber: device.serialNumber,
    });
    const quirks = resolveQuirks(deviceClassOf(device), this.ports.quirkProfiles);
    const preview = previewConvergence({
      applied: { configuration, precedence: 0, source: `configuration:${configurationId}` },
      device,
      ...(subscriber ? { subscriber: subscriber.data } : {}),
      now: this.ports.now(),
      quirks: quirks.behaviour,
    });
    const base = {
      deviceId,
      configurationId,
      configurationVersion: configuration.version,
      quirkProfiles: quirks.matched,
    };
    if (preview.outcome === 'template-fault') {
      const { message, template } = preview.fault;
      return {
        ...base,
        outcome: 'template-fault',
        message,
        ...(template ? { template } : {}),
        parameters: [],
        objects: [],
        rpcs: [],
      };
    }
    return {
      ...base,
      outcome: preview.outcome === 'converged' ? 'converges' : 'does-not-converge',
      ...(preview.message ? { message: preview.message } : {}),
      parameters: preview.desired.parameters.map(({ path, value, type }) => {
        const current = device.parameters[path]?.value;
        return {
          path,
          value,
          ...(type ? { type } : {}),
          ...(current !== undefined ? { current } : {}),
        };
      }),
      objects: preview.desired.objects.map(({ path, key, values, ensure, create }) => ({
        path,
        key,
        ...(values ? { values } : {}),
        ...(ensure ? { ensure } : {}),
        ...(create !== undefined ? { create } : {}),
      })),
      rpcs: preview.steps.map(({ purpose, request }) => ({ purpose, request })),
    };
  }
}

/** As sessions resolve quirks: the software version only when the device reported one. */
function deviceClassOf(device: StoredDevice) {
  const version =
    device.parameters[`${device.dataModelRoot ?? 'Device.'}DeviceInfo.SoftwareVersion`];
  return {
    oui: device.oui,
    productClass: device.productClass,
    ...(typeof version?.value === 'string' && version.value !== ''
      ? { softwareVersion: version.value }
      : {}),
  };
}

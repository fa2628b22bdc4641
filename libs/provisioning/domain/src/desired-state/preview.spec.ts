import { describe, expect, it } from '@jest/globals';
import { DEFAULT_QUIRK_BEHAVIOUR } from '../quirks/quirk-profile';
import { mergeConfigurations } from './merge';
import { previewConvergence } from './preview';
import { renderDesiredState } from './render';
import type { AppliedConfiguration, DesiredConfiguration } from './shapes';
import { FakeCpe, runSession } from './test-support/fake-cpe';
import { IDENTITY_181, TR181_PORT_MAPPING_DEFAULTS, tr181Tree } from './test-support/trees';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const RECENTLY = '2025-06-01T11:59:00.000Z';

const applied = (configuration: DesiredConfiguration): AppliedConfiguration => ({
  configuration,
  precedence: 0,
  source: 'preview',
});

const ISP: DesiredConfiguration = {
  parameters: [
    { path: 'Device.WiFi.SSID.1.SSID', value: 'isp-{{device:serialNumber}}' },
    { path: 'Device.ManagementServer.PeriodicInformInterval', value: 600 },
  ],
  objects: [
    {
      path: 'Device.NAT.PortMapping.',
      key: { ExternalPort: 8080, Protocol: 'TCP' },
      values: { Enable: true, InternalPort: 80 },
    },
  ],
  removeUndeclared: [],
};

describe('previewConvergence', () => {
  it('plans the RPCs a session would send to a device that holds what is known of it', () => {
    const cpe = new FakeCpe(tr181Tree('SIM0001'), {
      'Device.NAT.PortMapping.': TR181_PORT_MAPPING_DEFAULTS,
    });
    const device = cpe.fullView(IDENTITY_181, RECENTLY);
    device.parameters['Device.NAT.PortMapping.'] = { object: true };

    const preview = previewConvergence({
      applied: applied(ISP),
      device,
      now: NOW,
      quirks: DEFAULT_QUIRK_BEHAVIOUR,
    });

    const rendered = renderDesiredState(mergeConfigurations([applied(ISP)]), { device });
    if (!rendered.ok) throw new Error(rendered.fault.message);
    const session = runSession(cpe, {
      desired: rendered.value,
      device,
      now: NOW,
      quirks: DEFAULT_QUIRK_BEHAVIOUR,
    });
    expect(session.converged).toBe(true);
    expect(preview.outcome).toBe('converged');
    if (preview.outcome === 'template-fault') return;
    expect(preview.steps.map((step) => step.request)).toEqual(session.requests);
    expect(preview.steps.map((step) => step.purpose)).toEqual([
      expect.stringMatching(/^add an instance of Device\.NAT\.PortMapping\./),
      'set 6 parameter value(s)',
    ]);
    expect(preview.desired.parameters[0]).toMatchObject({
      path: 'Device.WiFi.SSID.1.SSID',
      value: 'isp-SIM0001',
    });
  });

  it('answers a read from what is known, taking what is not known as absent', () => {
    const device = new FakeCpe(tr181Tree('SIM0001')).fullView(IDENTITY_181, RECENTLY);
    const preview = previewConvergence({
      applied: applied(ISP),
      device,
      now: NOW,
      quirks: { ...DEFAULT_QUIRK_BEHAVIOUR, spvBatchSize: 2 },
    });
    if (preview.outcome === 'template-fault') throw new Error('unexpected fault');
    // Nothing known of the port-mapping table: read it, find it empty, add the instance.
    const [read, add, ...sets] = preview.steps.map((step) => step.request);
    expect(read).toEqual({
      type: 'GetParameterValues',
      parameterNames: ['Device.NAT.PortMapping.'],
    });
    expect(add).toMatchObject({ type: 'AddObject', objectName: 'Device.NAT.PortMapping.' });
    // Six values (two parameters, the instance's key and values) two at a time.
    const values = sets.flatMap((set) => (set.type === 'SetParameterValues' ? set.parameters : []));
    expect(sets.every((set) => set.type === 'SetParameterValues')).toBe(true);
    expect(values.map((value) => value.name).sort()).toEqual([
      'Device.ManagementServer.PeriodicInformInterval',
      'Device.NAT.PortMapping.1.Enable',
      'Device.NAT.PortMapping.1.ExternalPort',
      'Device.NAT.PortMapping.1.InternalPort',
      'Device.NAT.PortMapping.1.Protocol',
      'Device.WiFi.SSID.1.SSID',
    ]);
    expect(
      Math.max(
        ...sets.map((set) => (set.type === 'SetParameterValues' ? set.parameters.length : 0)),
      ),
    ).toBe(2);
  });

  it('stops at a template the device cannot fill, as a session would', () => {
    const device = new FakeCpe(tr181Tree('SIM0001')).fullView(IDENTITY_181, RECENTLY);
    const preview = previewConvergence({
      applied: applied({
        parameters: [{ path: 'Device.WiFi.SSID.1.SSID', value: '{{subscriber:wifi.ssid}}' }],
      }),
      device,
      now: NOW,
      quirks: DEFAULT_QUIRK_BEHAVIOUR,
    });
    expect(preview).toMatchObject({
      outcome: 'template-fault',
      fault: { template: '{{subscriber:wifi.ssid}}', message: /no subscriber record/ },
    });
  });

  it('sends nothing to a device that already holds the configuration', () => {
    const device = new FakeCpe(tr181Tree('SIM0001')).fullView(IDENTITY_181, RECENTLY);
    const preview = previewConvergence({
      applied: applied({ parameters: [{ path: 'Device.WiFi.SSID.1.SSID', value: 'SIM0001-2G' }] }),
      device,
      now: NOW,
      quirks: DEFAULT_QUIRK_BEHAVIOUR,
    });
    expect(preview).toMatchObject({ outcome: 'converged', steps: [] });
  });
});

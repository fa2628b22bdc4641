import { describe, expect, it } from '@jest/globals';
import { DEFAULT_QUIRK_BEHAVIOUR, type QuirkBehaviour } from '../quirks/quirk-profile';
import { nextConvergenceStep } from './convergence';
import { mergeConfigurations } from './merge';
import { renderDesiredState } from './render';
import type { DesiredObject } from '@acs/contracts';
import type {
  AppliedConfiguration,
  DesiredConfiguration,
  DeviceView,
  RenderedDesiredState,
} from './shapes';
import { FakeCpe, runSession } from './test-support/fake-cpe';
import {
  IDENTITY_098,
  IDENTITY_181,
  TR181_PORT_MAPPING_DEFAULTS,
  portMapping,
  tr098Tree,
  tr181Tree,
} from './test-support/trees';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const TWO_HOURS_AGO = '2025-06-01T10:00:00.000Z';
const SUBSCRIBER = { wifi: { ssid: 'Home', key: 's3cret-pass' } };

function rendered(
  device: DeviceView,
  ...configurations: (DesiredConfiguration | AppliedConfiguration)[]
): RenderedDesiredState {
  const applied = configurations.map((c, i) =>
    'configuration' in c ? c : { configuration: c, precedence: 0, source: `config-${i}` },
  );
  const result = renderDesiredState(mergeConfigurations(applied), {
    device,
    subscriber: SUBSCRIBER,
  });
  if (!result.ok) throw new Error(result.fault.message);
  return result.value;
}

function session(
  cpe: FakeCpe,
  device: DeviceView,
  desired: RenderedDesiredState,
  quirks: QuirkBehaviour = DEFAULT_QUIRK_BEHAVIOUR,
) {
  return runSession(cpe, { desired, device, now: NOW, quirks });
}

/** Only what an Inform teaches: the view knows nothing of the device's tables. */
function informOnlyView(
  cpe: FakeCpe,
  identity: Omit<DeviceView, 'parameters'>,
  keep: (path: string) => boolean,
): DeviceView {
  const full = cpe.fullView(identity, TWO_HOURS_AGO);
  return {
    ...full,
    parameters: Object.fromEntries(Object.entries(full.parameters).filter(([path]) => keep(path))),
  };
}

const WIFI_PER_BAND: DesiredConfiguration = {
  objects: [1, 2].flatMap((radio): DesiredObject[] => [
    {
      path: 'Device.WiFi.SSID.',
      key: { LowerLayers: `Device.WiFi.Radio.${radio}.` },
      values: { SSID: radio === 1 ? '{{subscriber:wifi.ssid}}' : '{{subscriber:wifi.ssid}}-5G' },
      create: false,
    },
    {
      path: 'Device.WiFi.AccessPoint.',
      key: { SSIDReference: `Device.WiFi.SSID.${radio}.` },
      values: { 'Security.KeyPassphrase': '{{subscriber:wifi.key}}' },
      create: false,
    },
  ]),
};

describe('nextConvergenceStep on a TR-181 gateway: SSID and passphrase per band', () => {
  it('sets only the differing values, in one SetParameterValues, when the tree is known', () => {
    const cpe = new FakeCpe(tr181Tree('SIM0001'));
    const view = cpe.fullView(IDENTITY_181, TWO_HOURS_AGO);
    const run = session(cpe, view, rendered(view, WIFI_PER_BAND));

    expect(run.converged).toBe(true);
    expect(run.requests).toEqual([
      {
        type: 'SetParameterValues',
        parameterKey: '',
        parameters: [
          {
            name: 'Device.WiFi.AccessPoint.1.Security.KeyPassphrase',
            type: 'string',
            value: 's3cret-pass',
          },
          {
            name: 'Device.WiFi.AccessPoint.2.Security.KeyPassphrase',
            type: 'string',
            value: 's3cret-pass',
          },
          { name: 'Device.WiFi.SSID.1.SSID', type: 'string', value: 'Home' },
          { name: 'Device.WiFi.SSID.2.SSID', type: 'string', value: 'Home-5G' },
        ],
      },
    ]);
    expect(cpe.value('Device.WiFi.SSID.2.SSID')).toBe('Home-5G');
    // The next session finds nothing to do.
    expect(session(cpe, run.view, rendered(run.view, WIFI_PER_BAND)).requests).toEqual([]);
  });

  it('discovers unknown instances of both tables in one GetParameterValues first', () => {
    const cpe = new FakeCpe(tr181Tree('SIM0001'));
    const view = informOnlyView(cpe, IDENTITY_181, (path) => !path.startsWith('Device.WiFi.'));
    const run = session(cpe, view, rendered(view, WIFI_PER_BAND));

    expect(run.converged).toBe(true);
    expect(run.requests.map((r) => r.type)).toEqual(['GetParameterValues', 'SetParameterValues']);
    expect(run.requests[0]).toEqual({
      type: 'GetParameterValues',
      parameterNames: ['Device.WiFi.AccessPoint.', 'Device.WiFi.SSID.'],
    });
    expect(cpe.value('Device.WiFi.AccessPoint.1.Security.KeyPassphrase')).toBe('s3cret-pass');
  });

  it('does not create an instance for a declaration with create: false', () => {
    const cpe = new FakeCpe(tr181Tree('SIM0001'));
    const view = cpe.fullView(IDENTITY_181, TWO_HOURS_AGO);
    const desired = rendered(view, {
      objects: [
        {
          path: 'Device.WiFi.SSID.',
          key: { LowerLayers: 'Device.WiFi.Radio.3.' },
          values: { SSID: 'x' },
          create: false,
        },
      ],
    });
    expect(
      nextConvergenceStep({
        desired,
        device: view,
        now: NOW,
        quirks: DEFAULT_QUIRK_BEHAVIOUR,
        readThisSession: [],
      }),
    ).toEqual({
      kind: 'converged',
    });
  });

  it('keeps the parameters of one instance in one batch when the batch size splits the work', () => {
    const cpe = new FakeCpe(tr181Tree('SIM0001'), {
      'Device.NAT.PortMapping.': TR181_PORT_MAPPING_DEFAULTS,
    });
    const view = cpe.fullView(IDENTITY_181, TWO_HOURS_AGO);
    const desired = rendered(view, {
      objects: [8080, 8443].map((port) => ({
        path: 'Device.NAT.PortMapping.',
        key: { ExternalPort: port, Protocol: 'TCP' },
        values: { InternalClient: '192.168.1.10' },
      })),
    });
    const run = session(cpe, view, desired, { ...DEFAULT_QUIRK_BEHAVIOUR, spvBatchSize: 4 });

    expect(run.converged).toBe(true);
    expect(run.requests.map((r) => r.type)).toEqual([
      'GetParameterValues',
      'AddObject',
      'AddObject',
      'SetParameterValues',
      'SetParameterValues',
    ]);
    const sets = run.requests.filter((r) => r.type === 'SetParameterValues');
    expect(sets.map((r) => r.parameters.map((p) => p.name))).toEqual([
      [
        'Device.NAT.PortMapping.1.ExternalPort',
        'Device.NAT.PortMapping.1.InternalClient',
        'Device.NAT.PortMapping.1.Protocol',
      ],
      [
        'Device.NAT.PortMapping.2.ExternalPort',
        'Device.NAT.PortMapping.2.InternalClient',
        'Device.NAT.PortMapping.2.Protocol',
      ],
    ]);
    expect(cpe.value('Device.NAT.PortMapping.2.ExternalPort')).toBe(8443);
  });
});

describe('nextConvergenceStep on a TR-181 gateway: NAT port mappings as instances', () => {
  const WEB: DesiredConfiguration = {
    objects: [
      {
        path: 'Device.NAT.PortMapping.',
        key: { ExternalPort: 8080, Protocol: 'TCP' },
        values: {
          InternalClient: '192.168.1.10',
          InternalPort: 80,
          Enable: true,
          Description: 'web',
        },
      },
    ],
    removeUndeclared: ['Device.NAT.PortMapping.'],
  };

  it('reads the table, deletes the undeclared mapping, adds the declared one and sets it', () => {
    const cpe = new FakeCpe(
      {
        ...tr181Tree('SIM0001'),
        ...portMapping(1, {
          ExternalPort: 22,
          InternalPort: 22,
          InternalClient: '192.168.1.5',
          Enable: true,
        }),
      },
      { 'Device.NAT.PortMapping.': TR181_PORT_MAPPING_DEFAULTS },
    );
    const view = informOnlyView(
      cpe,
      IDENTITY_181,
      (path) => !path.startsWith('Device.NAT.PortMapping.'),
    );
    const run = session(cpe, view, rendered(view, WEB));

    expect(run.converged).toBe(true);
    expect(run.requests).toEqual([
      { type: 'GetParameterValues', parameterNames: ['Device.NAT.PortMapping.'] },
      { type: 'DeleteObject', objectName: 'Device.NAT.PortMapping.1.', parameterKey: '' },
      { type: 'AddObject', objectName: 'Device.NAT.PortMapping.', parameterKey: '' },
      {
        type: 'SetParameterValues',
        parameterKey: '',
        parameters: [
          { name: 'Device.NAT.PortMapping.2.Description', type: 'string', value: 'web' },
          { name: 'Device.NAT.PortMapping.2.Enable', type: 'boolean', value: true },
          { name: 'Device.NAT.PortMapping.2.ExternalPort', type: 'unsignedInt', value: 8080 },
          {
            name: 'Device.NAT.PortMapping.2.InternalClient',
            type: 'string',
            value: '192.168.1.10',
          },
          { name: 'Device.NAT.PortMapping.2.InternalPort', type: 'unsignedInt', value: 80 },
          { name: 'Device.NAT.PortMapping.2.Protocol', type: 'string', value: 'TCP' },
        ],
      },
    ]);
    expect(cpe.value('Device.NAT.PortMapping.1.ExternalPort')).toBeUndefined();
    expect(cpe.value('Device.NAT.PortMapping.2.InternalClient')).toBe('192.168.1.10');
    expect(session(cpe, run.view, rendered(run.view, WEB)).requests).toEqual([]);
  });

  it('recognises a matching instance by key values whatever its number and spelling', () => {
    const cpe = new FakeCpe({
      ...tr181Tree('SIM0001'),
      ...portMapping(7, {
        ExternalPort: 8080,
        InternalPort: 80,
        InternalClient: '192.168.1.10',
        Enable: true,
        Description: 'web',
      }),
    });
    const view = cpe.fullView(IDENTITY_181, TWO_HOURS_AGO);
    const entry = view.parameters['Device.NAT.PortMapping.7.Enable'];
    if (entry) entry.value = '1'; // some CPEs report booleans as digits
    expect(session(cpe, view, rendered(view, WEB)).requests).toEqual([]);
  });

  it('sets key and values on an instance an earlier session added but never set', () => {
    const cpe = new FakeCpe({ ...tr181Tree('SIM0001'), ...portMapping(3, {}) });
    const view = cpe.fullView(IDENTITY_181, TWO_HOURS_AGO);
    for (const path of Object.keys(view.parameters))
      if (path.startsWith('Device.NAT.PortMapping.3.')) delete view.parameters[path];
    view.parameters['Device.NAT.PortMapping.3.'] = { object: true }; // what AddObject's answer taught
    view.parameters['Device.NAT.PortMapping.1.ExternalPort'] = {
      object: false,
      value: 443,
      type: 'unsignedInt',
    };
    view.parameters['Device.NAT.PortMapping.1.Protocol'] = {
      object: false,
      value: 'TCP',
      type: 'string',
    };
    const desired = rendered(view, { objects: WEB.objects ?? [] });
    const step = nextConvergenceStep({
      desired,
      device: view,
      now: NOW,
      quirks: DEFAULT_QUIRK_BEHAVIOUR,
      readThisSession: [],
    });
    expect(step.kind === 'rpc' && step.request.type).toBe('SetParameterValues');
    expect(
      step.kind === 'rpc' &&
        step.request.type === 'SetParameterValues' &&
        step.request.parameters.map((p) => p.name),
    ).toContain('Device.NAT.PortMapping.3.ExternalPort');
  });

  it('settles a present and an absent declaration of one mapping by precedence, without looping', () => {
    const absent: AppliedConfiguration = {
      source: 'security-baseline',
      precedence: 100,
      configuration: {
        objects: [
          { path: 'Device.NAT.PortMapping.', key: { ExternalPort: 8080 }, ensure: 'absent' },
        ],
      },
    };
    const present: AppliedConfiguration = {
      source: 'subscriber',
      precedence: 10,
      configuration: WEB,
    };
    const cpe = new FakeCpe(
      {
        ...tr181Tree('SIM0001'),
        ...portMapping(1, {
          ExternalPort: 8080,
          InternalPort: 80,
          InternalClient: '192.168.1.10',
          Enable: true,
          Description: 'web',
        }),
      },
      { 'Device.NAT.PortMapping.': TR181_PORT_MAPPING_DEFAULTS },
    );
    const view = cpe.fullView(IDENTITY_181, TWO_HOURS_AGO);

    const absentWins = session(cpe, view, rendered(view, absent, present));
    expect(absentWins.converged).toBe(true);
    expect(absentWins.requests).toEqual([
      { type: 'DeleteObject', objectName: 'Device.NAT.PortMapping.1.', parameterKey: '' },
    ]);

    const cpe2 = new FakeCpe({
      ...tr181Tree('SIM0001'),
      ...portMapping(1, {
        ExternalPort: 8080,
        InternalPort: 80,
        InternalClient: '192.168.1.10',
        Enable: true,
        Description: 'web',
      }),
    });
    const view2 = cpe2.fullView(IDENTITY_181, TWO_HOURS_AGO);
    const presentWins = session(
      cpe2,
      view2,
      rendered(view2, { ...absent, precedence: 1 }, present),
    );
    expect(presentWins).toMatchObject({ converged: true, requests: [] });
  });
});

describe('nextConvergenceStep on a TR-098 gateway: WLANConfiguration', () => {
  const IGD_WLAN = 'InternetGatewayDevice.LANDevice.1.WLANConfiguration.';
  const WLAN: DesiredConfiguration = {
    parameters: [
      { path: `${IGD_WLAN}1.SSID`, value: '{{subscriber:wifi.ssid}}' },
      { path: `${IGD_WLAN}2.SSID`, value: '{{subscriber:wifi.ssid}}-5G' },
      { path: `${IGD_WLAN}1.PreSharedKey.1.KeyPassphrase`, value: '{{subscriber:wifi.key}}' },
      { path: `${IGD_WLAN}1.Channel`, value: '11' },
    ],
    refresh: [{ path: IGD_WLAN, maxAgeSeconds: 3600 }],
  };

  it('refreshes the stale subtree in one read, then sets what differs with the types the CPE uses', () => {
    const cpe = new FakeCpe(tr098Tree('SIM0002'));
    const view = cpe.fullView(IDENTITY_098, TWO_HOURS_AGO);
    const run = session(cpe, view, rendered(view, WLAN));

    expect(run.converged).toBe(true);
    expect(run.requests).toEqual([
      { type: 'GetParameterValues', parameterNames: [IGD_WLAN] },
      {
        type: 'SetParameterValues',
        parameterKey: '',
        parameters: [
          { name: `${IGD_WLAN}1.Channel`, type: 'unsignedInt', value: 11 },
          {
            name: `${IGD_WLAN}1.PreSharedKey.1.KeyPassphrase`,
            type: 'string',
            value: 's3cret-pass',
          },
          { name: `${IGD_WLAN}1.SSID`, type: 'string', value: 'Home' },
          { name: `${IGD_WLAN}2.SSID`, type: 'string', value: 'Home-5G' },
        ],
      },
    ]);
  });

  it('reads by name in batches on a CPE that cannot answer partial paths', () => {
    const cpe = new FakeCpe(tr098Tree('SIM0002'), {}, { partialPathGpv: false });
    const view = cpe.fullView(IDENTITY_098, TWO_HOURS_AGO);
    const quirks = { ...DEFAULT_QUIRK_BEHAVIOUR, partialPathGpv: false, gpvBatchSize: 5 };
    const run = session(cpe, view, rendered(view, WLAN), quirks);

    expect(run.converged).toBe(true);
    expect(run.requests.map((r) => r.type)).toEqual([
      'GetParameterNames',
      'GetParameterValues',
      'GetParameterValues',
      'GetParameterValues',
      'SetParameterValues',
    ]);
    expect(run.requests[0]).toEqual({
      type: 'GetParameterNames',
      parameterPath: IGD_WLAN,
      nextLevel: false,
    });
    const read = run.requests.flatMap((r) =>
      r.type === 'GetParameterValues' ? r.parameterNames : [],
    );
    expect(read).toHaveLength(12);
    expect(read.every((name) => name.startsWith(IGD_WLAN) && !name.endsWith('.'))).toBe(true);
    expect(cpe.value(`${IGD_WLAN}1.Channel`)).toBe(11);
  });
});

describe('nextConvergenceStep: refresh policies', () => {
  const policy = (maxAgeSeconds: number): DesiredConfiguration => ({
    refresh: [{ path: 'Device.WiFi.', maxAgeSeconds }],
  });
  const cpe = new FakeCpe(tr181Tree('SIM0001'));
  const step = (view: DeviceView, desired: RenderedDesiredState, readThisSession: string[] = []) =>
    nextConvergenceStep({
      desired,
      device: view,
      now: NOW,
      quirks: DEFAULT_QUIRK_BEHAVIOUR,
      readThisSession,
    });

  it('reads a subtree older than its maximum age, and leaves a fresh one alone', () => {
    const view = cpe.fullView(IDENTITY_181, TWO_HOURS_AGO);
    expect(step(view, rendered(view, policy(3600)))).toMatchObject({
      kind: 'rpc',
      request: { type: 'GetParameterValues', parameterNames: ['Device.WiFi.'] },
    });
    expect(step(view, rendered(view, policy(3 * 3600)))).toEqual({ kind: 'converged' });
  });

  it('reads a subtree marked stale by a bootstrap even when recently read', () => {
    const view = cpe.fullView(IDENTITY_181, NOW.toISOString());
    const entry = view.parameters['Device.WiFi.SSID.1.SSID'];
    if (entry) entry.stale = true;
    expect(step(view, rendered(view, policy(3600))).kind).toBe('rpc');
  });

  it('does not read a subtree twice in one session, even if the CPE left parameters out', () => {
    const view = cpe.fullView(IDENTITY_181, TWO_HOURS_AGO);
    expect(step(view, rendered(view, policy(3600)), ['Device.'])).toEqual({ kind: 'converged' });
  });

  it('never lists the root of a CPE whose profile forbids it: reads the known names instead', () => {
    const view = cpe.fullView(IDENTITY_181, TWO_HOURS_AGO);
    const quirks = {
      ...DEFAULT_QUIRK_BEHAVIOUR,
      partialPathGpv: false,
      gpnOnRoot: false,
      gpvBatchSize: 3,
    };
    const desired = rendered(view, { refresh: [{ path: 'Device.', maxAgeSeconds: 3600 }] });
    const first = nextConvergenceStep({
      desired,
      device: view,
      now: NOW,
      quirks,
      readThisSession: [],
    });
    expect(first).toMatchObject({
      kind: 'rpc',
      request: {
        type: 'GetParameterValues',
        parameterNames: [
          'Device.DeviceInfo.SerialNumber',
          'Device.DeviceInfo.SoftwareVersion',
          'Device.ManagementServer.PeriodicInformInterval',
        ],
      },
    });
  });
});

describe('nextConvergenceStep: precedence, notifications and a CPE that does not move', () => {
  const cpe = () => new FakeCpe(tr181Tree('SIM0001'));

  it('sends the value of the highest precedence, and the first source name on a tie', () => {
    const c = cpe();
    const view = c.fullView(IDENTITY_181, TWO_HOURS_AGO);
    const interval = (value: number, source: string, precedence: number): AppliedConfiguration => ({
      source,
      precedence,
      configuration: {
        parameters: [{ path: 'Device.ManagementServer.PeriodicInformInterval', value }],
      },
    });
    const sent = (...applied: AppliedConfiguration[]) => {
      const run = session(cpe(), view, rendered(view, ...applied));
      const set = run.requests[0];
      return set?.type === 'SetParameterValues' ? set.parameters[0]?.value : undefined;
    };
    expect(sent(interval(600, 'low', 1), interval(900, 'high', 5))).toBe(900);
    expect(sent(interval(900, 'zeta', 5), interval(600, 'alpha', 5))).toBe(600);
  });

  it('sets differing notification attributes in one SetParameterAttributes, then converges', () => {
    const c = cpe();
    const view = c.fullView(IDENTITY_181, TWO_HOURS_AGO);
    const run = session(
      c,
      view,
      rendered(view, {
        notifications: [
          { path: 'Device.WiFi.SSID.1.SSID', notification: 2 },
          { path: 'Device.DeviceInfo.SoftwareVersion', notification: 1 },
        ],
      }),
    );
    expect(run.converged).toBe(true);
    expect(run.requests).toEqual([
      {
        type: 'SetParameterAttributes',
        parameters: [
          {
            name: 'Device.DeviceInfo.SoftwareVersion',
            notificationChange: true,
            notification: 1,
            accessListChange: false,
            accessList: [],
          },
          {
            name: 'Device.WiFi.SSID.1.SSID',
            notificationChange: true,
            notification: 2,
            accessListChange: false,
            accessList: [],
          },
        ],
      },
    ]);
    expect(c.parameters.get('Device.WiFi.SSID.1.SSID')?.notification).toBe(2);
  });

  it('gives a step that made no progress (a CPE fault) the same signature, so the caller stops', () => {
    const c = cpe();
    const view = c.fullView(IDENTITY_181, TWO_HOURS_AGO);
    const desired = rendered(view, {
      parameters: [{ path: 'Device.DeviceInfo.SoftwareVersion', value: '9.9.9' }],
    });
    const run = session(c, view, desired);
    expect(run.converged).toBe(false);
    expect(run.requests).toHaveLength(1);
    expect(run.repeated).toEqual(run.requests[0]);
  });

  it('sets a value again once a refresh shows the CPE kept the old one after accepting the set', () => {
    const c = new FakeCpe(tr181Tree('SIM0001'), {}, { ignoreSetsOf: ['Device.WiFi.SSID.1.SSID'] });
    // The CPE accepts the set but reports the old value when read again.
    const view = c.fullView(IDENTITY_181, TWO_HOURS_AGO);
    const desired = rendered(view, {
      parameters: [{ path: 'Device.WiFi.SSID.1.SSID', value: 'Home' }],
      refresh: [{ path: 'Device.WiFi.SSID.', maxAgeSeconds: 3600 }],
    });
    let device = view;
    const first = runSession(c, { desired, device, now: NOW, quirks: DEFAULT_QUIRK_BEHAVIOUR });
    device = first.view;
    expect(first.converged).toBe(true); // the SPV answer says it is set
    const later = new Date(NOW.getTime() + 2 * 3600_000);
    const second = runSession(c, { desired, device, now: later, quirks: DEFAULT_QUIRK_BEHAVIOUR });
    expect(second.requests.map((r) => r.type)).toEqual([
      'GetParameterValues',
      'SetParameterValues',
    ]);
    const third = runSession(c, {
      desired,
      device: second.view,
      now: later,
      quirks: DEFAULT_QUIRK_BEHAVIOUR,
    });
    // Within a session the engine trusts the SetParameterValues answer.
    expect(third.requests).toEqual([]);
  });
});

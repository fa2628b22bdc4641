import { describe, expect, it } from '@jest/globals';
import { mergeConfigurations } from './merge';
import { renderDesiredState } from './render';
import type { AppliedConfiguration, DeviceView } from './shapes';
import { desiredTagChanges, pendingActions } from './tags-actions';

const device: DeviceView = {
  deviceId: '0253AC-SimGateway%2D181-SIM0001',
  oui: '0253AC',
  productClass: 'SimGateway-181',
  serialNumber: 'SIM0001',
  manufacturer: '',
  tags: ['region:north', 'plan:gold', 'vip'],
  dataModelRoot: 'Device.',
  parameters: {
    'Device.WiFi.Radio.1.Channel': { object: false, value: 6, type: 'unsignedInt' },
    'Device.DeviceInfo.SerialNumber': { object: false, value: 'SIM0001', type: 'string' },
    'Device.DeviceInfo.ProvisioningCode': { object: false },
  },
};

describe('mergeConfigurations', () => {
  const a: AppliedConfiguration = {
    source: 'preset-a',
    precedence: 10,
    configuration: {
      parameters: [{ path: 'Device.X', value: 'a' }],
      objects: [
        {
          path: 'Device.NAT.PortMapping.',
          key: { ExternalPort: 80, Protocol: 'TCP' },
          values: { Description: 'a' },
        },
      ],
      notifications: [{ path: 'Device.X', notification: 1 }],
      tags: { add: ['managed'] },
      refresh: [{ path: 'Device.WiFi.', maxAgeSeconds: 3600 }],
      actions: [{ id: 'first-boot-reboot', type: 'reboot' }],
    },
  };
  const b: AppliedConfiguration = {
    source: 'preset-b',
    precedence: 20,
    configuration: {
      parameters: [{ path: 'Device.X', value: 'b' }],
      objects: [
        {
          path: 'Device.NAT.PortMapping.',
          key: { Protocol: 'TCP', ExternalPort: '80' },
          values: { Description: 'b' },
        },
      ],
      notifications: [{ path: 'Device.X', notification: 2 }],
      tags: { remove: ['managed'] },
      refresh: [
        { path: 'Device.WiFi.', maxAgeSeconds: 600 },
        { path: 'Device.IP.', maxAgeSeconds: 7200 },
      ],
      actions: [
        { id: 'first-boot-reboot', type: 'reboot' },
        { id: 'first-boot-reboot', type: 'factoryReset' },
      ],
    },
  };

  it('lets the higher precedence win each parameter, object key, notification and tag', () => {
    const merged = mergeConfigurations([a, b]);
    expect(merged.parameters).toEqual([
      { path: 'Device.X', value: 'b', source: 'preset-b', precedence: 20 },
    ]);
    expect(merged.objects).toHaveLength(1); // same key, names in another order, 80 and '80'
    expect(merged.objects[0]?.values).toEqual({ Description: 'b' });
    expect(merged.notifications.map((n) => n.notification)).toEqual([2]);
    expect(merged.tags).toEqual({ add: [], remove: ['managed'] });
  });

  it('keeps the shortest refresh age per path and every action once per source and id', () => {
    const merged = mergeConfigurations([a, b]);
    expect(merged.refresh.map((r) => [r.path, r.maxAgeSeconds])).toEqual([
      ['Device.WiFi.', 600],
      ['Device.IP.', 7200],
    ]);
    expect(
      pendingActions({ ...merged, rendered: true }).map((p) => [p.key, p.action.type]),
    ).toEqual([
      ['preset-b:first-boot-reboot', 'reboot'],
      ['preset-a:first-boot-reboot', 'reboot'],
    ]);
  });

  it('breaks precedence ties by source name, whatever the input order', () => {
    const tie = (source: string, value: string): AppliedConfiguration => ({
      source,
      precedence: 5,
      configuration: { parameters: [{ path: 'Device.X', value }] },
    });
    for (const order of [
      [tie('beta', 'B'), tie('alpha', 'A')],
      [tie('alpha', 'A'), tie('beta', 'B')],
    ])
      expect(mergeConfigurations(order).parameters[0]?.value).toBe('A');
  });
});

describe('renderDesiredState', () => {
  const render = (value: string | number | boolean, subscriber?: Record<string, unknown>) =>
    renderDesiredState(
      mergeConfigurations([
        {
          source: 'p',
          precedence: 0,
          configuration: { parameters: [{ path: 'Device.Y', value }] },
        },
      ]),
      { device, ...(subscriber ? { subscriber } : {}) },
    );
  const valueOf = (value: string, subscriber?: Record<string, unknown>) => {
    const result = render(value, subscriber);
    if (!result.ok) throw new Error(result.fault.message);
    return result.value.parameters[0]?.value;
  };

  it('fills each kind of template, embedded or whole', () => {
    expect(valueOf('{{device:serialNumber}}-{{tag:region:}}')).toBe('SIM0001-north');
    expect(valueOf('{{ param:Device.DeviceInfo.SerialNumber }}')).toBe('SIM0001');
    expect(valueOf('{{subscriber:wifi.ssid}}', { wifi: { ssid: 'Home' } })).toBe('Home');
    expect(valueOf('ch{{param:Device.WiFi.Radio.1.Channel}}')).toBe('ch6');
  });

  it('keeps the type of the source when the string is exactly one template', () => {
    expect(valueOf('{{param:Device.WiFi.Radio.1.Channel}}')).toBe(6);
    expect(valueOf('{{subscriber:wifi.enabled}}', { wifi: { enabled: false } })).toBe(false);
  });

  it('faults on a template it cannot fill, naming the template and the declaration', () => {
    const cases: [string, Record<string, unknown> | undefined, RegExp][] = [
      ['{{subscriber:wifi.ssid}}', { wifi: {} }, /no such field/],
      ['{{subscriber:wifi.ssid}}', undefined, /no subscriber record/],
      ['{{subscriber:wifi}}', { wifi: { ssid: 'x' } }, /not a string, number or boolean/],
      ['{{param:Device.DeviceInfo.ProvisioningCode}}', undefined, /value is not known/],
      ['{{param:Device.Nope}}', undefined, /no such parameter/],
      ['{{device:manufacturer}}', undefined, /reported no manufacturer/],
      ['{{device:password}}', undefined, /unknown device field/],
      ['{{tag:site:}}', undefined, /no tag starts with 'site:'/],
      ['{{tag:vip}}', undefined, /nothing after the prefix/],
      ['{{secret:x}}', undefined, /unknown template kind/],
    ];
    for (const [template, subscriber, reason] of cases) {
      const result = render(`x-${template}`, subscriber);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.fault).toMatchObject({
        code: 'template',
        item: 'parameter Device.Y',
        source: 'p',
        template,
      });
      expect(result.fault.message).toMatch(reason);
      expect(result.fault.message).toContain(template);
    }
  });

  it('names the object field of a failing template in an object declaration', () => {
    const result = renderDesiredState(
      mergeConfigurations([
        {
          source: 'subscriber-profile',
          precedence: 0,
          configuration: {
            objects: [
              {
                path: 'Device.WiFi.AccessPoint.',
                key: { SSIDReference: 'Device.WiFi.SSID.1.' },
                values: { 'Security.KeyPassphrase': '{{subscriber:wifi.key}}' },
              },
            ],
          },
        },
      ]),
      { device, subscriber: {} },
    );
    expect(result).toMatchObject({
      ok: false,
      fault: {
        code: 'template',
        item: 'object Device.WiFi.AccessPoint. value Security.KeyPassphrase',
        source: 'subscriber-profile',
      },
    });
  });

  it('faults on a filled value that does not fit its declared type', () => {
    const result = renderDesiredState(
      mergeConfigurations([
        {
          source: 'p',
          precedence: 0,
          configuration: {
            parameters: [{ path: 'Device.Z', value: '{{tag:plan:}}', type: 'unsignedInt' }],
          },
        },
      ]),
      { device },
    );
    expect(result).toMatchObject({
      ok: false,
      fault: { code: 'value', item: 'parameter Device.Z' },
    });
  });
});

describe('desiredTagChanges', () => {
  it('lists only tags the device lacks or has', () => {
    const merged = mergeConfigurations([
      {
        source: 'p',
        precedence: 0,
        configuration: { tags: { add: ['vip', 'managed'], remove: ['legacy', 'plan:gold'] } },
      },
    ]);
    expect(desiredTagChanges({ ...merged, rendered: true }, device)).toEqual({
      add: ['managed'],
      remove: ['plan:gold'],
    });
  });
});

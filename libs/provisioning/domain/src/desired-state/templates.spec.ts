import { describe, expect, it } from '@jest/globals';
import { configurationTemplateProblem, templateProblem } from './templates';

describe('templateProblem', () => {
  it('accepts text without templates and every valid form, embedded or whole', () => {
    for (const text of [
      'plain',
      'a } b }} c {',
      '{{device:serialNumber}}',
      'isp-{{ device:serialNumber }}-{{tag:region:}}',
      '{{param:Device.DeviceInfo.SerialNumber}}',
      '{{subscriber:wifi.ssid}}',
    ])
      expect(templateProblem(text)).toBeNull();
  });

  it('names the bad template and why for a guess at the syntax', () => {
    const cases: [string, string, RegExp][] = [
      ['isp-{{serialNumber}}', '{{serialNumber}}', /not of the form/],
      ['{{device:serial}}', '{{device:serial}}', /unknown device field/],
      ['x{{serial:number}}', '{{serial:number}}', /unknown template kind 'serial'/],
      ['{{param:Device.WiFi.}}', '{{param:Device.WiFi.}}', /not the path of one parameter/],
      ['{{tag:}}', '{{tag:}}', /nothing named after the colon/],
      ['ssid-{{device:serialNumber}', '{{device:serialNumber}', /no closing/],
      ['{{device:oui}}-{{ oops }}', '{{ oops }}', /not of the form/],
    ];
    for (const [text, template, reason] of cases) {
      const problem = templateProblem(text);
      expect(problem).toMatchObject({ template });
      expect(problem?.reason).toMatch(reason);
    }
  });

  it('does not let text around valid templates join into a new {{', () => {
    // Rendered, this is `{0253AC{`: nothing left that looks like a template.
    expect(templateProblem('{{{device:oui}}{')).toBeNull();
    expect(templateProblem('{{device:oui}}{{device:serialNumber}}')).toBeNull();
  });
});

describe('configurationTemplateProblem', () => {
  it('points at the value holding the first bad template', () => {
    expect(
      configurationTemplateProblem({
        parameters: [
          { path: 'Device.X', value: 1 },
          { path: 'Device.Y', value: '{{device:oui}}' },
        ],
        objects: [
          {
            path: 'Device.WiFi.SSID.',
            key: { Alias: 'main' },
            values: { SSID: 'isp-{{serialNumber}}' },
          },
        ],
      }),
    ).toMatchObject({ field: 'objects[0].values.SSID', template: '{{serialNumber}}' });
    expect(
      configurationTemplateProblem({ parameters: [{ path: 'Device.Y', value: '{{x}}' }] }),
    ).toMatchObject({ field: 'parameters[0].value' });
    expect(configurationTemplateProblem({})).toBeNull();
  });
});

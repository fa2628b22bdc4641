import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Element, parseXml } from 'libxmljs2';
import { invalidSecretParameterEntry, SecretParameters } from './secret-parameters';

const BBF_DIR = join(import.meta.dirname, '../../../../../shared/data/bbf');

/**
 * Parameters a BBF full data-model document marks hidden or secured (the value reads back empty),
 * by template path, and whether the parameter is a boolean. Hidden booleans are commands
 * (`Reset`, `ForceSample`: always read false), not secrets.
 */
function markedParameters(file: string): { path: string; boolean: boolean }[] {
  const document = parseXml(readFileSync(join(BBF_DIR, file), 'utf8'), { huge: true, nonet: true });
  const elements = (element: Element) =>
    element.childNodes().filter((node): node is Element => node.type() === 'element');
  const model = elements(document.root() as Element).find((e) => e.name() === 'model') as Element;
  const marked: { path: string; boolean: boolean }[] = [];
  for (const object of elements(model).filter((element) => element.name() === 'object')) {
    for (const parameter of elements(object).filter((element) => element.name() === 'parameter')) {
      const syntax = elements(parameter).find((element) => element.name() === 'syntax');
      if (!syntax) continue;
      const hidden = ['hidden', 'secured'].some((name) => syntax.attr(name)?.value() === 'true');
      if (!hidden) continue;
      const path = `${object.attr('name')?.value()}${parameter.attr('name')?.value()}`;
      marked.push({ path, boolean: elements(syntax).some((type) => type.name() === 'boolean') });
    }
  }
  return marked;
}

const withBbf = existsSync(BBF_DIR) ? describe : describe.skip;

withBbf('secret parameters against the BBF data models (skipped without shared/data/bbf)', () => {
  const secrets = new SecretParameters();

  it.each([
    ['tr-181-2-17-0-cwmp-full.xml', 40],
    ['tr-098-1-8-0-full.xml', 12],
    ['tr-104-2-0-2-cwmp-full.xml', 6],
  ])(
    '%s: every hidden or secured parameter is secret',
    (file, atLeast) => {
      const marked = markedParameters(file).filter((parameter) => !parameter.boolean);
      expect(marked.length).toBeGreaterThanOrEqual(atLeast);
      const concrete = (path: string) => path.replaceAll('{i}', '1');
      expect(marked.map((p) => p.path).filter((path) => !secrets.isSecret(concrete(path)))).toEqual(
        [],
      );
    },
    30_000,
  );
});

describe('SecretParameters', () => {
  const secrets = new SecretParameters();

  it.each([
    'Device.ManagementServer.Password',
    'Device.ManagementServer.ConnectionRequestPassword',
    'Device.WiFi.AccessPoint.1.Security.KeyPassphrase',
    'Device.WiFi.AccessPoint.2.Security.PreSharedKey',
    'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.PreSharedKey.1.PreSharedKey',
    'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.WEPKey.1.WEPKey',
    'Device.X_ACME_Cloud.WebPassword',
    'Device.USPAgent.ControllerTrust.Challenge.3.Value',
  ])('%s is secret', (path) => expect(secrets.isSecret(path)).toBe(true));

  it.each([
    'Device.ManagementServer.Username',
    'Device.ManagementServer.ConnectionRequestUsername',
    'Device.WiFi.SSID.1.SSID',
    'Device.DeviceInfo.SoftwareVersion',
    'InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.PreSharedKey.1.',
    'Device.Users.User.1.PasswordReset',
    'Device.Foo.1.Value',
  ])('%s is not', (path) => expect(secrets.isSecret(path)).toBe(false));

  it('adds the operator list: bare names anywhere, paths with * or {i} for instances', () => {
    const configured = new SecretParameters(['Token', 'Device.X_ACME_Vpn.*.Psk', 'Device.X.{i}.K']);
    expect(configured.isSecret('Device.X_ACME_Cloud.Token')).toBe(true);
    expect(configured.isSecret('Device.X_ACME_Vpn.4.Psk')).toBe(true);
    expect(configured.isSecret('Device.X.7.K')).toBe(true);
    expect(configured.isSecret('Device.X_ACME_Vpn.4.Other.Psk')).toBe(false);
    expect(configured.isSecret('Device.X_ACME_Vpn.4.Token.')).toBe(false);
  });

  it('refuses list entries that cannot name a parameter', () => {
    expect(invalidSecretParameterEntry('Device.X_ACME.*.Psk')).toBeNull();
    expect(invalidSecretParameterEntry('Device..Psk')).toMatch(/not a parameter name/);
    expect(invalidSecretParameterEntry('Device.(.*)')).toMatch(/not a parameter name/);
  });
});

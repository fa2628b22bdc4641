import { ParameterValue } from '../src';

/** TR-181 leaf names of the kinds a whole-subtree GPV returns, cycled over instance numbers. */
const LEAVES: [string, string, string][] = [
  ['Device.Hosts.Host.{i}.PhysAddress', 'string', 'a4:5e:60:{h}:{h}:{h}'],
  ['Device.Hosts.Host.{i}.IPAddress', 'string', '192.168.1.{n}'],
  ['Device.Hosts.Host.{i}.HostName', 'string', 'android-{h}{h}{h}'],
  ['Device.Hosts.Host.{i}.Active', 'boolean', 'true'],
  ['Device.Hosts.Host.{i}.X_ACME_LeaseTimeRemaining', 'int', '{n}00'],
  ['Device.WiFi.AccessPoint.{i}.AssociatedDevice.1.SignalStrength', 'int', '-{n}'],
  ['Device.WiFi.AccessPoint.{i}.AssociatedDevice.1.LastDataDownlinkRate', 'unsignedInt', '{n}6000'],
  ['Device.IP.Interface.{i}.Stats.BytesReceived', 'unsignedLong', '9{n}38274645'],
  ['Device.IP.Interface.{i}.Status', 'string', 'Up'],
  [
    'Device.DHCPv4.Server.Pool.1.Client.{i}.IPv4Address.1.LeaseTimeRemaining',
    'dateTime',
    '2026-11-21T1{d}:00:00Z',
  ],
];

function fill(template: string, i: number): string {
  return template
    .replace(/\{i\}/g, String(i))
    .replace(/\{n\}/g, String((i * 7) % 250))
    .replace(/\{h\}/g, ((i * 37) % 256).toString(16).padStart(2, '0'))
    .replace(/\{d\}/g, String(i % 10));
}

/** A GetParameterValuesResponse laid out as CPE stacks write it: indented, prefixed, typed. */
export function gpvResponseXml(count: number): string {
  const items: string[] = [];
  for (let k = 0; k < count; k++) {
    const [name, type, value] = LEAVES[k % LEAVES.length] as [string, string, string];
    const i = Math.floor(k / LEAVES.length) + 1;
    items.push(
      `\t\t\t\t<ParameterValueStruct>\n\t\t\t\t\t<Name>${fill(name, i)}</Name>\n\t\t\t\t\t<Value xsi:type="xsd:${type}">${fill(value, i)}</Value>\n\t\t\t\t</ParameterValueStruct>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cwmp="urn:dslforum-org:cwmp-1-2">
\t<SOAP-ENV:Header>
\t\t<cwmp:ID SOAP-ENV:mustUnderstand="1">gpv-1</cwmp:ID>
\t</SOAP-ENV:Header>
\t<SOAP-ENV:Body>
\t\t<cwmp:GetParameterValuesResponse>
\t\t\t<ParameterList SOAP-ENC:arrayType="cwmp:ParameterValueStruct[${count}]">
${items.join('\n')}
\t\t\t</ParameterList>
\t\t</cwmp:GetParameterValuesResponse>
\t</SOAP-ENV:Body>
</SOAP-ENV:Envelope>
`;
}

/** The parameters of a preset's Wi-Fi and management-server configuration, repeated per instance. */
export function spvParameters(count: number): ParameterValue[] {
  const out: ParameterValue[] = [];
  for (let k = 0; out.length < count; k++) {
    const i = k + 1;
    out.push(
      { name: `Device.WiFi.SSID.${i}.SSID`, type: 'string', value: `Home-${i} & Guests` },
      { name: `Device.WiFi.SSID.${i}.Enable`, type: 'boolean', value: true },
      {
        name: `Device.WiFi.AccessPoint.${i}.Security.ModeEnabled`,
        type: 'string',
        value: 'WPA2-WPA3-Personal',
      },
      {
        name: `Device.WiFi.AccessPoint.${i}.Security.KeyPassphrase`,
        type: 'string',
        value: `p<a>ss-${i}-${'x'.repeat(12)}`,
      },
      { name: `Device.WiFi.Radio.${i}.Channel`, type: 'unsignedInt', value: 36 + 4 * i },
    );
  }
  return out.slice(0, count);
}

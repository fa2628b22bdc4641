import { object, param, table, writable, type SchemaNode } from '../model/schema';

/**
 * TR-143 diagnostics objects of both data models, as the BBF models declare them (checked by
 * bbf-conformance.spec.ts): inputs writable, results read-only, result tables (trace-route hops,
 * NS lookup answers) empty until a run fills them (see diagnostics/run-diagnostic.ts).
 */
const NOT_RUN = '0001-01-01T00:00:00Z';
const PROTOCOL_VERSIONS = ['Any', 'IPv4', 'IPv6'];

const state = (values: readonly string[]) =>
  writable('DiagnosticsState', 'string', 'None', { enumeration: values });
const iface = () => writable('Interface', 'string', '', { maxLength: 256 });
const host = () => writable('Host', 'string', '', { maxLength: 256 });
const positive = (name: string, value: number) =>
  writable(name, 'unsignedInt', value, { range: [1, 4_294_967_295] });
const ranged = (name: string, value: number, min: number, max: number) =>
  writable(name, 'unsignedInt', value, { range: [min, max] });
const count = (name: string) => param(name, 'unsignedInt', 0);
const time = (name: string) => param(name, 'dateTime', NOT_RUN);
const counter64 = (name: string) => param(name, 'unsignedLong', '0');

const TR181_STATES = ['None', 'Requested', 'Canceled', 'Complete', 'Error'];
const TR181_ERRORS = [
  'Error_CannotResolveHostName',
  'Error_NoRouteToHost',
  'Error_MaxHopCountExceeded',
  'Error_InitConnectionFailed',
  'Error_NoResponse',
  'Error_TransferFailed',
  'Error_Timeout',
  'Error_Internal',
  'Error_Other',
];
const TRANSFER_STATES = [...TR181_STATES, 'Completed', ...TR181_ERRORS];

function tr181Transfer(kind: 'Download' | 'Upload'): SchemaNode {
  const moved = kind === 'Download' ? 'TestBytesReceived' : 'TestBytesSent';
  return object(`${kind}Diagnostics`, [
    state(TRANSFER_STATES),
    iface(),
    writable(`${kind}URL`, 'string', '', { maxLength: 2048 }),
    param(`${kind}Transports`, 'string', 'HTTP'),
    ranged('DSCP', 0, 0, 63),
    ranged('EthernetPriority', 0, 0, 7),
    ...(kind === 'Upload' ? [writable('TestFileLength', 'unsignedLong', '0')] : []),
    ranged('TimeBasedTestDuration', 0, 0, 999),
    writable('ProtocolVersion', 'string', 'Any', { enumeration: PROTOCOL_VERSIONS }),
    positive('NumberOfConnections', 1),
    param('IPAddressUsed', 'string', ''),
    time('ROMTime'),
    time('BOMTime'),
    time('EOMTime'),
    counter64(moved),
    counter64('TotalBytesReceived'),
    counter64('TotalBytesSent'),
    time('TCPOpenRequestTime'),
    time('TCPOpenResponseTime'),
  ]);
}

/** `Device.IP.Diagnostics.` (inside `Device.IP.`). */
export function tr181IpDiagnostics(): SchemaNode {
  const supported = (name: string) => [
    param(`IPv4${name}Supported`, 'boolean', true),
    param(`IPv6${name}Supported`, 'boolean', false),
  ];
  return object('Diagnostics', [
    ...supported('Ping'),
    ...supported('TraceRoute'),
    ...supported('DownloadDiagnostics'),
    ...supported('UploadDiagnostics'),
    ...supported('UDPEchoDiagnostics'),
    ...supported('ServerSelectionDiagnostics'),
    object('IPPing', [
      state([...TR181_STATES, ...TR181_ERRORS]),
      iface(),
      writable('ProtocolVersion', 'string', 'Any', { enumeration: PROTOCOL_VERSIONS }),
      host(),
      positive('NumberOfRepetitions', 4),
      positive('Timeout', 1000),
      ranged('DataBlockSize', 64, 1, 65_535),
      ranged('DSCP', 0, 0, 63),
      param('IPAddressUsed', 'string', ''),
      count('SuccessCount'),
      count('FailureCount'),
      count('AverageResponseTime'),
      count('MinimumResponseTime'),
      count('MaximumResponseTime'),
      count('AverageResponseTimeDetailed'),
      count('MinimumResponseTimeDetailed'),
      count('MaximumResponseTimeDetailed'),
    ]),
    object('TraceRoute', [
      state([...TR181_STATES, ...TR181_ERRORS]),
      iface(),
      writable('ProtocolVersion', 'string', 'Any', { enumeration: PROTOCOL_VERSIONS }),
      host(),
      ranged('NumberOfTries', 3, 1, 3),
      positive('Timeout', 5000),
      ranged('DataBlockSize', 38, 1, 65_535),
      ranged('DSCP', 0, 0, 63),
      ranged('MaxHopCount', 30, 1, 64),
      count('ResponseTime'),
      count('RouteHopsNumberOfEntries'),
      param('IPAddressUsed', 'string', ''),
      table('RouteHops', [
        param('Host', 'string', ''),
        param('HostAddress', 'string', ''),
        count('ErrorCode'),
        param('RTTimes', 'string', ''),
      ]),
    ]),
    tr181Transfer('Download'),
    tr181Transfer('Upload'),
    object('UDPEchoDiagnostics', [
      state([...TR181_STATES, ...TR181_ERRORS]),
      iface(),
      host(),
      ranged('Port', 7, 1, 65_535),
      positive('NumberOfRepetitions', 10),
      positive('Timeout', 1000),
      ranged('DataBlockSize', 64, 1, 65_535),
      ranged('DSCP', 0, 0, 63),
      ranged('InterTransmissionTime', 100, 1, 65_535),
      writable('ProtocolVersion', 'string', 'Any', { enumeration: PROTOCOL_VERSIONS }),
      param('IPAddressUsed', 'string', ''),
      count('SuccessCount'),
      count('FailureCount'),
      count('AverageResponseTime'),
      count('MinimumResponseTime'),
      count('MaximumResponseTime'),
    ]),
    object('ServerSelectionDiagnostics', [
      state([...TR181_STATES, ...TR181_ERRORS]),
      iface(),
      writable('ProtocolVersion', 'string', 'Any', { enumeration: PROTOCOL_VERSIONS }),
      writable('Protocol', 'string', 'ICMP', { enumeration: ['ICMP', 'UDP Echo'] }),
      writable('HostList', 'string', '', { maxLength: 2816 }),
      positive('NumberOfRepetitions', 3),
      positive('Timeout', 1000),
      param('FastestHost', 'string', ''),
      count('MinimumResponseTime'),
      count('AverageResponseTime'),
      count('MaximumResponseTime'),
      param('IPAddressUsed', 'string', ''),
    ]),
  ]);
}

function nsLookup(states: readonly string[]): SchemaNode {
  return object('NSLookupDiagnostics', [
    state(states),
    iface(),
    writable('HostName', 'string', '', { maxLength: 256 }),
    writable('DNSServer', 'string', '', { maxLength: 256 }),
    writable('Timeout', 'unsignedInt', 1000),
    writable('NumberOfRepetitions', 'unsignedInt', 1),
    count('SuccessCount'),
    count('ResultNumberOfEntries'),
    table('Result', [
      param('Status', 'string', ''),
      param('AnswerType', 'string', ''),
      param('HostNameReturned', 'string', ''),
      param('IPAddresses', 'string', ''),
      param('DNSServerIP', 'string', ''),
      count('ResponseTime'),
    ]),
  ]);
}

/** `Device.DNS.Diagnostics.` (inside `Device.DNS.`). */
export function tr181DnsDiagnostics(): SchemaNode {
  return object('Diagnostics', [nsLookup([...TR181_STATES, 'Error_DNSServerNotResolved'])]);
}

const TR098_STATES = ['None', 'Requested', 'Complete', 'Error_CannotResolveHostName'];

/** The TR-098 diagnostics objects, directly under `InternetGatewayDevice.`. */
export function tr098Diagnostics(): SchemaNode[] {
  const transfer = (kind: 'Download' | 'Upload') =>
    object(`${kind}Diagnostics`, [
      writable('DiagnosticsState', 'string', 'None', {
        enumeration: ['None', 'Requested', 'Completed', 'Error_InitConnectionFailed'],
      }),
      iface(),
      writable(`${kind}URL`, 'string', '', { maxLength: 256 }),
      ranged('DSCP', 0, 0, 63),
      ranged('EthernetPriority', 0, 0, 7),
      ...(kind === 'Upload' ? [writable('TestFileLength', 'unsignedInt', 0)] : []),
      time('ROMTime'),
      time('BOMTime'),
      time('EOMTime'),
      ...(kind === 'Download'
        ? [count('TestBytesReceived'), count('TotalBytesReceived')]
        : [count('TotalBytesSent')]),
      time('TCPOpenRequestTime'),
      time('TCPOpenResponseTime'),
    ]);
  return [
    object('Capabilities', [
      object('PerformanceDiagnostic', [
        param('DownloadTransports', 'string', 'HTTP'),
        param('UploadTransports', 'string', 'HTTP'),
      ]),
    ]),
    object('IPPingDiagnostics', [
      writable('DiagnosticsState', 'string', 'None', { enumeration: TR098_STATES }),
      iface(),
      host(),
      positive('NumberOfRepetitions', 4),
      positive('Timeout', 1000),
      ranged('DataBlockSize', 64, 1, 65_535),
      ranged('DSCP', 0, 0, 63),
      count('SuccessCount'),
      count('FailureCount'),
      count('AverageResponseTime'),
      count('MinimumResponseTime'),
      count('MaximumResponseTime'),
    ]),
    object('TraceRouteDiagnostics', [
      writable('DiagnosticsState', 'string', 'None', {
        enumeration: [...TR098_STATES, 'Error_MaxHopCountExceeded'],
      }),
      iface(),
      host(),
      ranged('NumberOfTries', 3, 1, 3),
      positive('Timeout', 5000),
      ranged('DataBlockSize', 38, 1, 65_535),
      ranged('DSCP', 0, 0, 63),
      ranged('MaxHopCount', 30, 1, 64),
      count('ResponseTime'),
      count('RouteHopsNumberOfEntries'),
      table('RouteHops', [
        param('HopHost', 'string', ''),
        param('HopHostAddress', 'string', ''),
        count('HopErrorCode'),
        param('HopRTTimes', 'string', ''),
      ]),
    ]),
    transfer('Download'),
    transfer('Upload'),
    nsLookup(['None', 'Requested', 'Complete', 'Error_DNSServerNotResolved']),
  ];
}

import type { DataModelRoot, DiagnosticType } from '@acs/contracts';

/** One input of a diagnostic: the parameter it sets under the object, with the model's limits. */
export interface InputParameter {
  parameter: string;
  type: 'string' | 'unsignedInt' | 'unsignedLong';
  maxLength?: number;
  min?: number;
  max?: number;
  values?: readonly string[];
  /** A comma-separated list parameter (ServerSelection's HostList), at most this many items. */
  maxItems?: number;
}

/** Where a diagnostic lives in one data model and what its parameters are called there. */
export interface DiagnosticDefinition {
  /** The diagnostic's object, with its trailing dot: what the results are read from. */
  object: string;
  /** Input fields of the public request and the parameters they set. */
  inputs: Readonly<Record<string, InputParameter>>;
  /** Result parameters the normaliser reads, relative to the object (checked against the models). */
  results: readonly string[];
  /** TR-098 spells trace-route hop fields `HopHost`, `HopRTTimes`, ...; TR-181 `Host`, `RTTimes`. */
  hopPrefix?: '' | 'Hop';
  /** Whether DiagnosticsState takes `Canceled` (TR-181: every diagnostic; TR-098: none). */
  cancelable: boolean;
  /**
   * Parameters that say whether the device can run it: any true (or, for a transport list, not
   * empty) when the device reported them. Absent from the model or not yet learned: the object's
   * presence decides.
   */
  supportedBy: readonly string[];
  /** Time results in microseconds (TR-181 UDPEcho, ServerSelection) rather than milliseconds. */
  microseconds?: boolean;
}

const UNSIGNED_INT_MAX = 4_294_967_295;
const PROTOCOL_VERSIONS = ['Any', 'IPv4', 'IPv6'] as const;

const host: InputParameter = { parameter: 'Host', type: 'string', maxLength: 256 };
const iface: InputParameter = { parameter: 'Interface', type: 'string', maxLength: 256 };
const protocolVersion: InputParameter = {
  parameter: 'ProtocolVersion',
  type: 'string',
  values: PROTOCOL_VERSIONS,
};
const positive = (parameter: string, max = UNSIGNED_INT_MAX): InputParameter => ({
  parameter,
  type: 'unsignedInt',
  min: 1,
  max,
});
const ranged = (parameter: string, min: number, max: number): InputParameter => ({
  parameter,
  type: 'unsignedInt',
  min,
  max,
});
const unbounded = (parameter: string): InputParameter => ({
  parameter,
  type: 'unsignedInt',
  min: 0,
  max: UNSIGNED_INT_MAX,
});

const PING_RESULTS = [
  'SuccessCount',
  'FailureCount',
  'AverageResponseTime',
  'MinimumResponseTime',
  'MaximumResponseTime',
];
const TRANSFER_TIMES = [
  'ROMTime',
  'BOMTime',
  'EOMTime',
  'TCPOpenRequestTime',
  'TCPOpenResponseTime',
];
const NSLOOKUP_RESULTS = [
  'SuccessCount',
  'Result.{i}.Status',
  'Result.{i}.AnswerType',
  'Result.{i}.HostNameReturned',
  'Result.{i}.IPAddresses',
  'Result.{i}.DNSServerIP',
  'Result.{i}.ResponseTime',
];

const ip = 'Device.IP.Diagnostics.';
const ipSupported = (name: string) => [`${ip}IPv4${name}Supported`, `${ip}IPv6${name}Supported`];

const TR181: Partial<Record<DiagnosticType, DiagnosticDefinition>> = {
  ipPing: {
    object: `${ip}IPPing.`,
    inputs: {
      host,
      numberOfRepetitions: positive('NumberOfRepetitions'),
      timeout: positive('Timeout'),
      dataBlockSize: ranged('DataBlockSize', 1, 65_535),
      dscp: ranged('DSCP', 0, 63),
      protocolVersion,
      interface: iface,
    },
    results: [
      ...PING_RESULTS,
      'AverageResponseTimeDetailed',
      'MinimumResponseTimeDetailed',
      'MaximumResponseTimeDetailed',
      'IPAddressUsed',
    ],
    cancelable: true,
    supportedBy: ipSupported('Ping'),
  },
  traceRoute: {
    object: `${ip}TraceRoute.`,
    inputs: {
      host,
      numberOfTries: ranged('NumberOfTries', 1, 3),
      timeout: positive('Timeout'),
      dataBlockSize: ranged('DataBlockSize', 1, 65_535),
      dscp: ranged('DSCP', 0, 63),
      maxHopCount: ranged('MaxHopCount', 1, 64),
      protocolVersion,
      interface: iface,
    },
    results: [
      'ResponseTime',
      'IPAddressUsed',
      'RouteHops.{i}.Host',
      'RouteHops.{i}.HostAddress',
      'RouteHops.{i}.ErrorCode',
      'RouteHops.{i}.RTTimes',
    ],
    hopPrefix: '',
    cancelable: true,
    supportedBy: ipSupported('TraceRoute'),
  },
  download: {
    object: `${ip}DownloadDiagnostics.`,
    inputs: {
      url: { parameter: 'DownloadURL', type: 'string', maxLength: 2048 },
      dscp: ranged('DSCP', 0, 63),
      ethernetPriority: ranged('EthernetPriority', 0, 7),
      timeBasedTestDuration: ranged('TimeBasedTestDuration', 0, 999),
      numberOfConnections: positive('NumberOfConnections'),
      protocolVersion,
      interface: iface,
    },
    results: [
      ...TRANSFER_TIMES,
      'TestBytesReceived',
      'TotalBytesReceived',
      'TotalBytesSent',
      'IPAddressUsed',
    ],
    cancelable: true,
    supportedBy: ipSupported('DownloadDiagnostics'),
  },
  upload: {
    object: `${ip}UploadDiagnostics.`,
    inputs: {
      url: { parameter: 'UploadURL', type: 'string', maxLength: 2048 },
      testFileLength: { parameter: 'TestFileLength', type: 'unsignedLong' },
      dscp: ranged('DSCP', 0, 63),
      ethernetPriority: ranged('EthernetPriority', 0, 7),
      timeBasedTestDuration: ranged('TimeBasedTestDuration', 0, 999),
      numberOfConnections: positive('NumberOfConnections'),
      protocolVersion,
      interface: iface,
    },
    results: [
      ...TRANSFER_TIMES,
      'TestBytesSent',
      'TotalBytesReceived',
      'TotalBytesSent',
      'IPAddressUsed',
    ],
    cancelable: true,
    supportedBy: ipSupported('UploadDiagnostics'),
  },
  udpEcho: {
    object: `${ip}UDPEchoDiagnostics.`,
    inputs: {
      host,
      port: ranged('Port', 1, 65_535),
      numberOfRepetitions: positive('NumberOfRepetitions'),
      timeout: positive('Timeout'),
      dataBlockSize: ranged('DataBlockSize', 1, 65_535),
      dscp: ranged('DSCP', 0, 63),
      interTransmissionTime: ranged('InterTransmissionTime', 1, 65_535),
      protocolVersion,
      interface: iface,
    },
    results: [...PING_RESULTS, 'IPAddressUsed'],
    cancelable: true,
    supportedBy: ipSupported('UDPEchoDiagnostics'),
    microseconds: true,
  },
  nsLookup: {
    object: 'Device.DNS.Diagnostics.NSLookupDiagnostics.',
    inputs: {
      hostName: { parameter: 'HostName', type: 'string', maxLength: 256 },
      dnsServer: { parameter: 'DNSServer', type: 'string', maxLength: 256 },
      timeout: unbounded('Timeout'),
      numberOfRepetitions: unbounded('NumberOfRepetitions'),
      interface: iface,
    },
    results: NSLOOKUP_RESULTS,
    cancelable: true,
    supportedBy: [],
  },
  serverSelection: {
    object: `${ip}ServerSelectionDiagnostics.`,
    inputs: {
      hostList: { parameter: 'HostList', type: 'string', maxLength: 256, maxItems: 10 },
      protocol: { parameter: 'Protocol', type: 'string', values: ['ICMP', 'UDP Echo'] },
      numberOfRepetitions: positive('NumberOfRepetitions'),
      timeout: positive('Timeout'),
      protocolVersion,
      interface: iface,
    },
    results: [
      'FastestHost',
      'MinimumResponseTime',
      'AverageResponseTime',
      'MaximumResponseTime',
      'IPAddressUsed',
    ],
    cancelable: true,
    supportedBy: ipSupported('ServerSelectionDiagnostics'),
    microseconds: true,
  },
};

const igd = 'InternetGatewayDevice.';
const transports = `${igd}Capabilities.PerformanceDiagnostic.`;

const TR098: Partial<Record<DiagnosticType, DiagnosticDefinition>> = {
  ipPing: {
    object: `${igd}IPPingDiagnostics.`,
    inputs: {
      host,
      numberOfRepetitions: positive('NumberOfRepetitions'),
      timeout: positive('Timeout'),
      dataBlockSize: ranged('DataBlockSize', 1, 65_535),
      dscp: ranged('DSCP', 0, 63),
      interface: iface,
    },
    results: PING_RESULTS,
    cancelable: false,
    supportedBy: [],
  },
  traceRoute: {
    object: `${igd}TraceRouteDiagnostics.`,
    inputs: {
      host,
      numberOfTries: ranged('NumberOfTries', 1, 3),
      timeout: positive('Timeout'),
      dataBlockSize: ranged('DataBlockSize', 1, 65_535),
      dscp: ranged('DSCP', 0, 63),
      maxHopCount: ranged('MaxHopCount', 1, 64),
      interface: iface,
    },
    results: [
      'ResponseTime',
      'RouteHops.{i}.HopHost',
      'RouteHops.{i}.HopHostAddress',
      'RouteHops.{i}.HopErrorCode',
      'RouteHops.{i}.HopRTTimes',
    ],
    hopPrefix: 'Hop',
    cancelable: false,
    supportedBy: [],
  },
  download: {
    object: `${igd}DownloadDiagnostics.`,
    inputs: {
      url: { parameter: 'DownloadURL', type: 'string', maxLength: 256 },
      dscp: ranged('DSCP', 0, 63),
      ethernetPriority: ranged('EthernetPriority', 0, 7),
      interface: iface,
    },
    results: [...TRANSFER_TIMES, 'TestBytesReceived', 'TotalBytesReceived'],
    cancelable: false,
    supportedBy: [`${transports}DownloadTransports`],
  },
  upload: {
    object: `${igd}UploadDiagnostics.`,
    inputs: {
      url: { parameter: 'UploadURL', type: 'string', maxLength: 256 },
      testFileLength: { parameter: 'TestFileLength', type: 'unsignedInt' },
      dscp: ranged('DSCP', 0, 63),
      ethernetPriority: ranged('EthernetPriority', 0, 7),
      interface: iface,
    },
    results: [...TRANSFER_TIMES, 'TotalBytesSent'],
    cancelable: false,
    supportedBy: [`${transports}UploadTransports`],
  },
  nsLookup: {
    object: `${igd}NSLookupDiagnostics.`,
    inputs: {
      hostName: { parameter: 'HostName', type: 'string', maxLength: 256 },
      dnsServer: { parameter: 'DNSServer', type: 'string', maxLength: 256 },
      timeout: unbounded('Timeout'),
      numberOfRepetitions: unbounded('NumberOfRepetitions'),
      interface: iface,
    },
    results: NSLOOKUP_RESULTS,
    cancelable: false,
    supportedBy: [],
  },
};

const DEFINITIONS: Record<DataModelRoot, Partial<Record<DiagnosticType, DiagnosticDefinition>>> = {
  'Device.': TR181,
  'InternetGatewayDevice.': TR098,
};

/** Where `type` lives in the device's data model; undefined when the model has no such diagnostic. */
export function diagnosticDefinition(
  type: DiagnosticType,
  root: DataModelRoot,
): DiagnosticDefinition | undefined {
  return DEFINITIONS[root][type];
}

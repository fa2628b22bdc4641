import { Static, TSchema, Type } from '@sinclair/typebox';

/**
 * TR-143 diagnostics an operator can run on a device, and what each takes. Limits are the widest
 * the data models allow (TR-181 2.17); a field or a limit one model lacks (TR-098 has no
 * ProtocolVersion, and 256-character URLs) is checked against the device's model by provisioning's
 * domain (`diagnosticInputProblems`). Unknown fields are refused, as for tasks.
 */
export const DIAGNOSTIC_TYPES = [
  'ipPing',
  'traceRoute',
  'download',
  'upload',
  'udpEcho',
  'nsLookup',
  'serverSelection',
] as const;
export type DiagnosticType = (typeof DIAGNOSTIC_TYPES)[number];

/** The largest xsd:unsignedInt: the data models leave most counts and timeouts unbounded above. */
const UNSIGNED_INT_MAX = 4_294_967_295;

const HostSchema = Type.String({
  minLength: 1,
  maxLength: 256,
  pattern: '^[A-Za-z0-9._:%-]+$',
  description: 'A host name or an IPv4/IPv6 address',
});
const InterfaceSchema = Type.String({
  maxLength: 256,
  description:
    'The interface to run on (a path in the device data model); the CPE picks when absent',
});
const ProtocolVersionSchema = Type.Union(
  [Type.Literal('Any'), Type.Literal('IPv4'), Type.Literal('IPv6')],
  { description: 'TR-181 only' },
);
const count = (description: string) =>
  Type.Integer({ minimum: 1, maximum: UNSIGNED_INT_MAX, description });
const TimeoutSchema = count('Milliseconds');
const DataBlockSizeSchema = Type.Integer({ minimum: 1, maximum: 65_535, description: 'Bytes' });
const DscpSchema = Type.Integer({ minimum: 0, maximum: 63 });
const EthernetPrioritySchema = Type.Integer({ minimum: 0, maximum: 7 });
const TransferUrlSchema = Type.String({
  maxLength: 2048,
  pattern: '^(https?|ftp)://[^\\s]+$',
  description: 'http or ftp URL (TR-098 allows 256 characters)',
});
const TestDurationSchema = Type.Integer({
  minimum: 0,
  maximum: 999,
  description: 'Seconds of a time-based test (TR-181 only); 0: file-size based',
});

const inputs = <P extends Record<string, TSchema>>(id: string, properties: P) =>
  Type.Object(properties, { additionalProperties: false, $id: `${id}DiagnosticInputs` });
const optional = Type.Optional;

export const IpPingInputsSchema = inputs('IpPing', {
  host: HostSchema,
  numberOfRepetitions: optional(count('Pings to send')),
  timeout: optional(TimeoutSchema),
  dataBlockSize: optional(DataBlockSizeSchema),
  dscp: optional(DscpSchema),
  protocolVersion: optional(ProtocolVersionSchema),
  interface: optional(InterfaceSchema),
});

export const TraceRouteInputsSchema = inputs('TraceRoute', {
  host: HostSchema,
  numberOfTries: optional(Type.Integer({ minimum: 1, maximum: 3 })),
  timeout: optional(TimeoutSchema),
  dataBlockSize: optional(DataBlockSizeSchema),
  dscp: optional(DscpSchema),
  maxHopCount: optional(Type.Integer({ minimum: 1, maximum: 64 })),
  protocolVersion: optional(ProtocolVersionSchema),
  interface: optional(InterfaceSchema),
});

export const DownloadInputsSchema = inputs('Download', {
  url: TransferUrlSchema,
  dscp: optional(DscpSchema),
  ethernetPriority: optional(EthernetPrioritySchema),
  timeBasedTestDuration: optional(TestDurationSchema),
  numberOfConnections: optional(count('Parallel connections (TR-181 only)')),
  protocolVersion: optional(ProtocolVersionSchema),
  interface: optional(InterfaceSchema),
});

export const UploadInputsSchema = inputs('Upload', {
  url: TransferUrlSchema,
  testFileLength: optional(
    Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Bytes' }),
  ),
  dscp: optional(DscpSchema),
  ethernetPriority: optional(EthernetPrioritySchema),
  timeBasedTestDuration: optional(TestDurationSchema),
  numberOfConnections: optional(count('Parallel connections (TR-181 only)')),
  protocolVersion: optional(ProtocolVersionSchema),
  interface: optional(InterfaceSchema),
});

export const UdpEchoInputsSchema = inputs('UdpEcho', {
  host: HostSchema,
  port: Type.Integer({ minimum: 1, maximum: 65_535 }),
  numberOfRepetitions: optional(count('Packets to send')),
  timeout: optional(TimeoutSchema),
  dataBlockSize: optional(DataBlockSizeSchema),
  dscp: optional(DscpSchema),
  interTransmissionTime: optional(
    Type.Integer({ minimum: 1, maximum: 65_535, description: 'Milliseconds between packets' }),
  ),
  protocolVersion: optional(ProtocolVersionSchema),
  interface: optional(InterfaceSchema),
});

export const NsLookupInputsSchema = inputs('NsLookup', {
  hostName: HostSchema,
  dnsServer: optional(Type.String({ maxLength: 256, pattern: '^[A-Za-z0-9._:%-]*$' })),
  timeout: optional(TimeoutSchema),
  numberOfRepetitions: optional(count('Lookups to make')),
  interface: optional(InterfaceSchema),
});

export const ServerSelectionInputsSchema = inputs('ServerSelection', {
  hostList: Type.Array(HostSchema, { minItems: 1, maxItems: 10 }),
  protocol: optional(Type.Union([Type.Literal('ICMP'), Type.Literal('UDP Echo')])),
  numberOfRepetitions: optional(count('Probes per host')),
  timeout: optional(TimeoutSchema),
  protocolVersion: optional(ProtocolVersionSchema),
  interface: optional(InterfaceSchema),
});

/** Every diagnostic and the schema of its inputs. */
export const DIAGNOSTIC_INPUT_SCHEMAS = {
  ipPing: IpPingInputsSchema,
  traceRoute: TraceRouteInputsSchema,
  download: DownloadInputsSchema,
  upload: UploadInputsSchema,
  udpEcho: UdpEchoInputsSchema,
  nsLookup: NsLookupInputsSchema,
  serverSelection: ServerSelectionInputsSchema,
} as const satisfies Record<DiagnosticType, TSchema>;

/** The inputs of one diagnostic: `DiagnosticInputs<'ipPing'>`. */
export type DiagnosticInputs<K extends DiagnosticType> = Static<
  (typeof DIAGNOSTIC_INPUT_SCHEMAS)[K]
>;

/** A diagnostic with its inputs, as one value whose type picks the inputs. */
export type DiagnosticRequest = {
  [K in DiagnosticType]: { type: K; inputs: DiagnosticInputs<K> };
}[DiagnosticType];

import type { ConnectionRequestInfo, DataModelRoot, ParameterData } from '@acs/contracts';

/** What inventory keeps from `<root>ManagementServer.`: how to wake the device, how often it informs. */
export interface ManagementServerFacts {
  periodicInformInterval?: number;
  connectionRequest: ConnectionRequestInfo;
}

const CONNECTION_FIELDS: Record<string, keyof ConnectionRequestInfo> = {
  ConnectionRequestURL: 'url',
  ConnectionRequestUsername: 'username',
  ConnectionRequestPassword: 'password',
  UDPConnectionRequestAddress: 'udpAddress',
};

const ROOTS: DataModelRoot[] = ['Device.', 'InternetGatewayDevice.'];

/**
 * Reads ManagementServer values from learned parameters, under the device's root when known (else
 * under either root). `fromCpe` says the values were read from the CPE: TR-069 has a CPE answer an
 * empty string for ConnectionRequestPassword whatever it holds, so only a password the ACS set
 * (SetParameterValues) is taken.
 */
export function managementServerFacts(
  values: Iterable<{ path: string; value: ParameterData | undefined }>,
  root: DataModelRoot | null,
  origin: 'fromCpe' | 'setByAcs',
): ManagementServerFacts {
  const prefixes = (root ? [root] : ROOTS).map((r) => `${r}ManagementServer.`);
  const facts: ManagementServerFacts = { connectionRequest: {} };
  for (const { path, value } of values) {
    const prefix = prefixes.find((p) => path.startsWith(p));
    if (!prefix) continue;
    const name = path.slice(prefix.length);
    if (name === 'PeriodicInformInterval') {
      const seconds = typeof value === 'string' ? Number(value) : value;
      if (typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0)
        facts.periodicInformInterval = seconds;
      continue;
    }
    const field = CONNECTION_FIELDS[name];
    if (!field || value === undefined || value === null) continue;
    if (field === 'password' && origin === 'fromCpe') continue;
    facts.connectionRequest[field] = String(value);
  }
  return facts;
}

/** The merged connection-request info, or undefined when nothing in it changes. */
export function changedConnectionRequest(
  known: ConnectionRequestInfo | undefined,
  learned: ConnectionRequestInfo,
): ConnectionRequestInfo | undefined {
  const merged = { ...known, ...learned };
  const fields = Object.keys(learned) as (keyof ConnectionRequestInfo)[];
  return fields.some((field) => known?.[field] !== learned[field]) ? merged : undefined;
}

/**
 * Fault codes of TR-069 (Amendment 6) with their standard strings and SOAP faultcode class.
 * 8800-8899 (ACS) and 9800-9899 (CPE) are vendor ranges, read and written as any other code.
 */
export const ACS_FAULTS = {
  8000: ['Server', 'Method not supported'],
  8001: ['Server', 'Request denied (no reason specified)'],
  8002: ['Server', 'Internal error'],
  8003: ['Client', 'Invalid arguments'],
  8004: ['Server', 'Resources exceeded'],
  8005: ['Server', 'Retry request'],
  8006: ['Server', 'ACS version incompatible with CPE'],
} as const;

export type AcsFaultCode = keyof typeof ACS_FAULTS;

export const CPE_FAULTS: Record<number, readonly ['Client' | 'Server', string]> = {
  9000: ['Server', 'Method not supported'],
  9001: ['Server', 'Request denied (no reason specified)'],
  9002: ['Server', 'Internal error'],
  9003: ['Client', 'Invalid arguments'],
  9004: ['Server', 'Resources exceeded'],
  9005: ['Client', 'Invalid parameter name'],
  9006: ['Client', 'Invalid parameter type'],
  9007: ['Client', 'Invalid parameter value'],
  9008: ['Client', 'Attempt to set a non-writable parameter'],
  9009: ['Server', 'Notification request rejected'],
  9010: ['Server', 'File transfer failure'],
  9011: ['Server', 'Upload failure'],
  9012: ['Server', 'File transfer server authentication failure'],
  9013: ['Server', 'Unsupported protocol for file transfer'],
  9014: ['Server', 'File transfer failure: unable to join multicast group'],
  9015: ['Server', 'File transfer failure: unable to contact file server'],
  9016: ['Server', 'File transfer failure: unable to access file'],
  9017: ['Server', 'File transfer failure: unable to complete download'],
  9018: ['Server', 'File transfer failure: file corrupted or otherwise unusable'],
  9019: ['Server', 'File transfer failure: file authentication failure'],
  9020: [
    'Server',
    'File transfer failure: unable to complete download within specified time windows',
  ],
  9021: ['Client', 'Cancelation of file transfer not permitted in current transfer state'],
  9022: ['Client', 'Invalid UUID format'],
  9023: ['Client', 'Unknown Execution Environment'],
  9024: ['Client', 'Disabled Execution Environment'],
  9025: ['Client', 'Deployment Unit to Execution Environment mismatch'],
  9026: ['Client', 'Duplicate Deployment Unit'],
  9027: ['Server', 'System resources exceeded'],
  9028: ['Client', 'Unknown Deployment Unit'],
  9029: ['Client', 'Invalid Deployment Unit state'],
  9030: ['Client', 'Invalid Deployment Unit update: downgrade not permitted'],
  9031: ['Client', 'Invalid Deployment Unit update: version not specified'],
  9032: ['Client', 'Invalid Deployment Unit update: version already exists'],
};

/** SOAP faultcode class for a CWMP fault code; vendor and unknown codes count as Server. */
export function soapFaultClass(code: number): 'Client' | 'Server' {
  const known = (ACS_FAULTS as Record<number, readonly [string, string]>)[code] ?? CPE_FAULTS[code];
  return known?.[0] === 'Client' ? 'Client' : 'Server';
}

export function standardFaultString(code: number): string {
  const known = (ACS_FAULTS as Record<number, readonly [string, string]>)[code] ?? CPE_FAULTS[code];
  return (
    known?.[1] ??
    (code >= 9800 || (code >= 8800 && code <= 8899) ? 'Vendor defined fault' : 'Unknown fault')
  );
}

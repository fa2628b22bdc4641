import { object, param, table, writable, type SchemaNode } from '../model/schema';
import { instance } from './derived';

/**
 * `<root>SoftwareModules.` (TR-157, in TR-181 and in TR-098 1.8 alike): one Linux execution
 * environment, and the deployment units ChangeDUState installs (mirrored from the device's
 * units by the simulator, see completeDuChange).
 */
export function softwareModules(root: 'Device.' | 'InternetGatewayDevice.'): SchemaNode {
  return object('SoftwareModules', [
    param('ExecEnvNumberOfEntries', 'unsignedInt', 1),
    param('DeploymentUnitNumberOfEntries', 'unsignedInt', 0),
    table('ExecEnv', [
      writable('Enable', 'boolean', true),
      param('Status', 'string', 'Up'),
      param('Name', 'string', 'Linux'),
      param('Type', 'string', 'Linux'),
      param('Vendor', 'string', 'Simulated Networks'),
      param('Version', 'string', '5.15'),
    ]),
    table('DeploymentUnit', [
      param('UUID', 'string', ''),
      param('DUID', 'string', (c) => `du-${instance(c)}`),
      param('Name', 'string', ''),
      param('Status', 'string', 'Installed'),
      param('Resolved', 'boolean', true),
      param('URL', 'string', ''),
      param('Vendor', 'string', ''),
      param('Version', 'string', ''),
      param('ExecutionEnvRef', 'string', `${root}SoftwareModules.ExecEnv.1`),
    ]),
  ]);
}

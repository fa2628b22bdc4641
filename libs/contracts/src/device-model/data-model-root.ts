import type { DataModelRoot } from './device-model';

/**
 * The root a device's parameter names say it has: TR-098 devices root their data model at
 * `InternetGatewayDevice.`; TR-181 devices (and other TR-106 devices) at `Device.`. A TR-098
 * gateway may expose a few `Device.` service objects beside its root, so
 * `InternetGatewayDevice.` wins when both appear. Inventory learns it from an Inform; provisioning
 * reads it from one before inventory has stored a new device.
 */
export function dataModelRootOf(paths: Iterable<string>): DataModelRoot | null {
  let sawDevice = false;
  for (const path of paths) {
    if (path.startsWith('InternetGatewayDevice.')) return 'InternetGatewayDevice.';
    if (path.startsWith('Device.')) sawDevice = true;
  }
  return sawDevice ? 'Device.' : null;
}

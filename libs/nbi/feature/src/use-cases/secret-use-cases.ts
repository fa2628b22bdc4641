import { Inject, Injectable } from '@nestjs/common';
import type { DeviceReads } from '@acs/device-store';
import { openParameterValue, SecretKeyring } from '@acs/secrets';
import { NotFoundError, UnavailableError } from '../errors/nbi-errors';
import { DEVICE_STORE, SECRET_KEYRING } from '../tokens';
import { deviceNotFound } from './device-use-cases';
import { isSecretParameter } from './views';

export interface RevealedSecret {
  path: string;
  value?: string | number | boolean | null;
}

/**
 * One secret parameter's value, for a role allowed to see it (the route says which; the audit
 * interceptor has stored who asked before this runs). A value stored before sealing began is
 * given as stored; one that does not open is an error, never a wrong value.
 */
@Injectable()
export class RevealDeviceSecret {
  constructor(
    @Inject(DEVICE_STORE) private readonly devices: DeviceReads,
    @Inject(SECRET_KEYRING) private readonly keyring: SecretKeyring | null,
  ) {}

  async execute(deviceId: string, path: string): Promise<RevealedSecret> {
    if (!this.keyring)
      throw new UnavailableError('secrets-unavailable', 'this API process has no secret keys');
    const device = await this.devices.get(deviceId, { subtree: path });
    if (!device) throw deviceNotFound(deviceId);
    const parameter = device.parameters[path];
    if (!parameter || parameter.object || !isSecretParameter(parameter))
      throw new NotFoundError(
        'secret-not-found',
        `${path} is not a secret parameter of ${deviceId}`,
      );
    const { value } = parameter;
    if (!SecretKeyring.isSealed(value)) return value === undefined ? { path } : { path, value };
    return { path, value: openParameterValue(this.keyring, deviceId, path, value) };
  }
}

import { signedDownloadPath, type GrantSecrets } from '@acs/firmware-domain';
import type { DownloadLinks } from '@acs/firmware-use-cases';

/** Download URLs of the file server at `origin` (what CPEs reach), signed per device. */
export class SignedDownloadLinks implements DownloadLinks {
  private readonly origin: string;

  constructor(
    origin: string,
    private readonly secrets: GrantSecrets,
  ) {
    this.origin = origin.replace(/\/+$/, '');
  }

  urlFor(fileId: string, deviceId: string, expiresAt: Date): string {
    const grant = { fileId, deviceId, expiresAt: Math.floor(expiresAt.getTime() / 1000) };
    return `${this.origin}${signedDownloadPath(grant, this.secrets)}`;
  }
}

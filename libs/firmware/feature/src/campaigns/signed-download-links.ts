import { signedDownloadPath, uploadCredentials, type GrantSecrets } from '@acs/firmware-domain';
import type { TransferLinks } from '@acs/firmware-use-cases';

/**
 * Download URLs of the file server at `origin` (what CPEs reach), signed per device, and the URL
 * and credentials of one upload.
 */
export class SignedDownloadLinks implements TransferLinks {
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

  uploadFor(uploadId: string, deviceId: string, fileType: string, expiresAt: Date) {
    const grant = {
      uploadId,
      deviceId,
      fileType,
      expiresAt: Math.floor(expiresAt.getTime() / 1000),
    };
    const { path, username, password } = uploadCredentials(grant, this.secrets);
    return { url: `${this.origin}${path}`, username, password };
  }
}

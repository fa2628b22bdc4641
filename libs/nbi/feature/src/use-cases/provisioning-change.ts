import { Inject, Injectable, Logger } from '@nestjs/common';
import { PROVISIONING_CHANGE_HOOK } from '../tokens';

/** What changed through the API, for provisioning to re-evaluate the devices it concerns. */
export interface ProvisioningChange {
  kind: 'preset' | 'configuration' | 'subscriber';
  id: string;
}

export type ProvisioningChangeHook = (change: ProvisioningChange) => Promise<void>;

/**
 * Calls the host's `onProvisioningChange` after each successful write, before the answer. A hook
 * that fails is logged, never turned into a failed answer: the write is stored and audited, and
 * provisioning still sees preset and configuration changes through the stores' revision.
 */
@Injectable()
export class ProvisioningChangeNotifier {
  private readonly logger = new Logger('NbiProvisioning');

  constructor(
    @Inject(PROVISIONING_CHANGE_HOOK) private readonly hook: ProvisioningChangeHook | null,
  ) {}

  async changed(change: ProvisioningChange): Promise<void> {
    if (!this.hook) return;
    try {
      await this.hook(change);
    } catch (error) {
      this.logger.error(
        `onProvisioningChange failed for ${change.kind} ${change.id}: ${(error as Error).message}`,
      );
    }
  }
}

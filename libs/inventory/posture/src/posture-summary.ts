import type { PostureFinding, PostureSeverity } from '@acs/contracts';
import { severityRank } from './assess-posture';

/** How many devices of one model (OUI and ProductClass) have one finding. */
export interface PostureSummaryRow {
  finding: string;
  severity: PostureSeverity;
  oui: string;
  productClass: string;
  devices: number;
}

/** What the fleet view reads of each device. */
export interface DevicePostureOfModel {
  oui?: string;
  productClass?: string;
  posture?: readonly PostureFinding[];
}

/**
 * Counts per finding per model, most severe findings first, then the most devices. Folded
 * page by page: `add` each page, `rows` at the end.
 */
export class PostureSummary {
  private readonly counts = new Map<string, PostureSummaryRow>();

  add(devices: readonly DevicePostureOfModel[]): void {
    for (const device of devices) {
      const oui = device.oui ?? '';
      const productClass = device.productClass ?? '';
      for (const { id, severity } of device.posture ?? []) {
        const key = JSON.stringify([id, oui, productClass]);
        const row = this.counts.get(key);
        if (row) row.devices++;
        else this.counts.set(key, { finding: id, severity, oui, productClass, devices: 1 });
      }
    }
  }

  rows(): PostureSummaryRow[] {
    return [...this.counts.values()].sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        a.finding.localeCompare(b.finding) ||
        b.devices - a.devices ||
        a.oui.localeCompare(b.oui) ||
        a.productClass.localeCompare(b.productClass),
    );
  }
}

import type { PostureFinding } from '@acs/contracts';
import { PostureSummary } from './posture-summary';

const http: PostureFinding = { id: 'acs-url-http', severity: 'medium', evidence: {} };
const none: PostureFinding = { id: 'cpe-auth-none', severity: 'critical', evidence: {} };

describe('PostureSummary', () => {
  it('counts devices per finding per model across pages, most severe first', () => {
    const summary = new PostureSummary();
    summary.add([
      { oui: 'A', productClass: 'X', posture: [none, http] },
      { oui: 'A', productClass: 'X', posture: [http] },
    ]);
    summary.add([
      { oui: 'B', productClass: 'Y', posture: [http] },
      { oui: 'B', productClass: 'Y', posture: [] },
      { oui: 'B', productClass: 'Y' },
    ]);
    expect(summary.rows()).toEqual([
      { finding: 'cpe-auth-none', severity: 'critical', oui: 'A', productClass: 'X', devices: 1 },
      { finding: 'acs-url-http', severity: 'medium', oui: 'A', productClass: 'X', devices: 2 },
      { finding: 'acs-url-http', severity: 'medium', oui: 'B', productClass: 'Y', devices: 1 },
    ]);
  });
});

import type { DeviceUpdate, SessionEvent } from '@acs/contracts';
import { concernsPosture, factsAfterLearning, type KnownForPosture } from './facts-after-learning';

const known: KnownForPosture = {
  dataModelRoot: 'Device.',
  connectionRequest: { username: 'cr', password: 'old' },
  parameters: {
    'Device.ManagementServer.URL': {
      path: 'Device.ManagementServer.URL',
      object: false,
      value: 'http://a/',
    },
    'Device.X.': { path: 'Device.X.', object: true },
    'Device.X.Y': { path: 'Device.X.Y', object: false, value: 1 },
  },
  posture: [
    { id: 'cwmp-version-old', severity: 'low', evidence: { cwmpVersion: '1.0' } },
    { id: 'cpe-auth-none', severity: 'critical', evidence: { authentication: 'none' } },
  ],
};

const update = (changes: Partial<DeviceUpdate>): DeviceUpdate => ({
  eventId: 'e',
  deviceId: 'd',
  occurredAt: '2026-03-01T08:00:00.000Z',
  ...changes,
});

describe('factsAfterLearning', () => {
  it('lays the batch’s values and connection-request info over what was known', () => {
    const facts = factsAfterLearning(
      known,
      [],
      [
        update({
          setParameters: [
            { path: 'Device.ManagementServer.URL', object: false, value: 'https://a/' },
          ],
          deleteSubtrees: ['Device.X.'],
          upsert: { connectionRequest: { username: 'cr', password: 'new' } },
        }),
      ],
    );
    expect([...facts.parameters]).toEqual([['Device.ManagementServer.URL', 'https://a/']]);
    expect(facts.connectionRequest).toEqual({ username: 'cr', password: 'new' });
  });

  it('takes session facts from the latest SessionOpened, else from the earlier findings', () => {
    const opened = { type: 'SessionOpened', cwmpVersion: '1.4', cpeAuthentication: 'digest' };
    const withSession = factsAfterLearning(known, [opened as SessionEvent], []);
    expect(withSession).toMatchObject({ cwmpVersion: '1.4', cpeAuthentication: 'digest' });
    const without = factsAfterLearning(known, [], []);
    expect(without).toMatchObject({ cwmpVersion: '1.0', cpeAuthentication: 'none' });
    expect(factsAfterLearning(null, [], [])).toEqual({
      dataModelRoot: null,
      parameters: new Map(),
      connectionRequest: {},
    });
  });

  it('is concerned by a session opening or a value the posture reads, nothing else', () => {
    const read = update({
      setParameters: [
        { path: 'Device.UserInterface.RemoteAccess.Enable', object: false, value: true },
      ],
    });
    const other = update({ setParameters: [{ path: 'Device.X.Y', object: false, value: 2 }] });
    expect(concernsPosture([], [read])).toBe(true);
    expect(concernsPosture([], [other])).toBe(false);
    expect(concernsPosture([{ type: 'SessionOpened' } as SessionEvent], [other])).toBe(true);
    expect(concernsPosture([], [update({ upsert: { connectionRequest: {} } })])).toBe(true);
  });
});

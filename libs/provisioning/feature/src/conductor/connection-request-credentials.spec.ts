import type { SessionOpened } from '@acs/contracts';
import { generateSecretKeyEntry, parseSecretKeys, SecretKeyring } from '@acs/secrets';
import { derivedConnectionRequestCredentials } from './convergence/connection-request-credentials';
import { ProvisioningTestBed } from '../test-support/provisioning-test-bed';

const MS = 'Device.ManagementServer.';
const keyring = new SecretKeyring(parseSecretKeys(generateSecretKeyEntry('k1')));
const credentials = derivedConnectionRequestCredentials(keyring);

describe('connection-request credentials set at first contact', () => {
  let bed: ProvisioningTestBed | undefined;
  afterEach(() => bed?.close());

  /** The first RPC provisioning queues in a new device's BOOTSTRAP session. */
  async function firstRpc(serial: string, open: ProvisioningTestBed) {
    await open.register(serial);
    const opened: SessionOpened = await open.open(serial, ['0 BOOTSTRAP', '1 BOOT']);
    await open.deliver(opened);
    const [entry] = await open.outbox(opened.deviceId, opened.sessionId);
    return { deviceId: opened.deviceId, entry };
  }

  it('sets unique ones, derived from the secret key, on a device the platform holds none for', async () => {
    bed = new ProvisioningTestBed({}, { connectionRequestCredentials: credentials });
    const { deviceId, entry } = await firstRpc('CR1', bed);
    const mine = credentials(deviceId);
    expect(entry).toMatchObject({
      kind: 'rpc',
      request: {
        type: 'SetParameterValues',
        parameters: expect.arrayContaining([
          expect.objectContaining({ name: `${MS}ConnectionRequestUsername`, value: mine.username }),
          expect.objectContaining({ name: `${MS}ConnectionRequestPassword`, value: mine.password }),
        ]),
      },
    });
    expect(mine.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const other = credentials('0253AC-SimGateway%2D181-CR2');
    expect(other.username).not.toBe(mine.username);
    expect(other.password).not.toBe(mine.password);
  });

  it('leaves a device alone once inventory holds a password the platform set', async () => {
    bed = new ProvisioningTestBed({}, { connectionRequestCredentials: credentials });
    const deviceId = '0253AC-SimGateway%2D181-CR3';
    await bed.register('CR3');
    await bed.devices.applyBatch([
      {
        eventId: 'spv-cr3',
        deviceId,
        occurredAt: new Date().toISOString(),
        upsert: { connectionRequest: { username: 'u', password: 'set-before' } },
      },
    ]);
    const opened = await bed.open('CR3', ['1 BOOT']);
    await bed.deliver(opened);
    expect(await bed.outbox(deviceId, opened.sessionId)).toEqual([
      expect.objectContaining({ kind: 'end' }),
    ]);
  });

  it("leaves them to the device when its class's quirk profile or the settings say so", async () => {
    const own = {
      id: 'own-cr',
      description: 'CR credentials provisioned by the factory',
      match: { productClass: ['SimGateway-181'] },
      behaviour: { ownConnectionRequestCredentials: true },
    };
    for (const settings of [
      { quirkProfiles: [own] },
      { connectionRequestCredentials: 'device' as const },
    ]) {
      bed = new ProvisioningTestBed(settings, { connectionRequestCredentials: credentials });
      const { entry } = await firstRpc('CR4', bed);
      expect(entry).toEqual(expect.objectContaining({ kind: 'end' }));
      await bed.close();
      bed = undefined;
    }
  });
});

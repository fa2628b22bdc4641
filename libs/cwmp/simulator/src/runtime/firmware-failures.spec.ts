import type { Inform, TransferComplete } from '@acs/cwmp-codec';
import { FirmwareFailure, firmwareFailureFor } from '../firmware/failures';
import { simulatedFirmwareImage } from '../firmware/image';
import { END_SESSION, Received, ScriptedAcs, soap } from '../test-support/scripted-acs';
import { until } from '../test-support/simulator-harness';
import { Simulator } from './simulator';

const DI = 'Device.DeviceInfo.';
const DEVICES = 40;
const IMAGE = simulatedFirmwareImage({ version: '2.1.0', size: 100_000 });
const RULES: FirmwareFailure[] = [
  { share: 0.2, mode: '9010', productClass: 'Model-X', onlyVersion: '2.1.0' },
  { share: 0.2, mode: 'old-version-after-reboot', productClass: 'Model-X' },
  { share: 0.15, mode: 'no-transfer-complete' },
  { share: 0.1, mode: 'silent' },
  { share: 0.1, mode: '9018' },
  // Another model's rule: these devices' band, but never their ProductClass.
  { share: 0.1, mode: '9010', productClass: 'Model-Y' },
];

/** What each device told the ACS: its Informs, and its TransferCompletes. */
interface Seen {
  informs: Inform[];
  transferCompletes: TransferComplete[];
  fetched: boolean;
}

let acs: ScriptedAcs | undefined;
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  await acs?.stop();
});

/** An ACS that sends each device one Download in its bootstrap session, and records per serial. */
function rolloutAcs(seen: Map<string, Seen>) {
  const serialOfConnection = new Map<number, string>();
  const owesDownload = new Set<string>();
  return (received: Received) => {
    const query = new URL(received.url, 'http://x').searchParams;
    if (received.method === 'GET') {
      const entry = seen.get(query.get('d') ?? '');
      if (entry) entry.fetched = true;
      return { status: 200, body: IMAGE };
    }
    const message = received.envelope?.message;
    const id = received.envelope?.header.id ?? '';
    if (message?.type === 'Inform') {
      const serial = message.deviceId.serialNumber;
      serialOfConnection.set(received.remotePort, serial);
      seen.get(serial)?.informs.push(message);
      if (message.events.some((event) => event.eventCode === '0 BOOTSTRAP'))
        owesDownload.add(serial);
      return soap({ type: 'InformResponse', maxEnvelopes: 1 }, { id });
    }
    const serial = serialOfConnection.get(received.remotePort) ?? '';
    if (message?.type === 'TransferComplete') {
      seen.get(serial)?.transferCompletes.push(message);
      return soap({ type: 'TransferCompleteResponse' }, { id });
    }
    if (owesDownload.delete(serial)) {
      return soap(
        {
          type: 'Download',
          commandKey: `fw-${serial}`,
          fileType: '1 Firmware Upgrade Image',
          url: `${acs?.baseUrl}/files/img-7?d=${serial}&s=sig`,
          username: '',
          password: '',
          fileSize: IMAGE.length,
          targetFileName: '',
          delaySeconds: 0,
          successUrl: '',
          failureUrl: '',
        },
        { id: `dl-${serial}` },
      );
    }
    return END_SESSION;
  };
}

const booted = (entry: Seen) =>
  entry.informs
    .slice(1)
    .some((inform) => inform.events.some((event) => event.eventCode === '1 BOOT'));

describe('firmware failure injection over a fleet', () => {
  it('fails exactly the devices the rules pick, each in its own way', async () => {
    const seen = new Map<string, Seen>();
    const serials = Array.from({ length: DEVICES }, (_, n) => `SIM${String(n).padStart(6, '0')}`);
    for (const serial of serials)
      seen.set(serial, { informs: [], transferCompletes: [], fetched: false });
    const expected = new Map(
      serials.map((serial) => [
        serial,
        firmwareFailureFor(RULES, { serial, productClass: 'Model-X' }, '2.1.0')?.mode ?? 'ok',
      ]),
    );
    // The fleet is large enough for every mode to meet at least one device.
    expect(new Set(expected.values())).toEqual(
      new Set(['ok', '9010', 'old-version-after-reboot', 'no-transfer-complete', 'silent', '9018']),
    );
    acs = new ScriptedAcs(rolloutAcs(seen));
    const acsUrl = await acs.start();
    sim = new Simulator({
      acsUrl,
      devices: DEVICES,
      productClass: 'Model-X',
      firmwareFailures: RULES,
      rebootDelayMs: 10,
      periodicEnabled: false,
    });
    await sim.start();
    const running = sim;
    const done = (serial: string): boolean => {
      const entry = seen.get(serial) as Seen;
      switch (expected.get(serial)) {
        case 'silent':
          return entry.fetched && running.device(serial).state.queuedTransfers.length === 0;
        case 'no-transfer-complete':
          return booted(entry);
        case '9010':
        case '9018':
          return entry.transferCompletes.length > 0;
        default:
          return entry.transferCompletes.length > 0 && booted(entry);
      }
    };
    await until(() => serials.every(done), 30_000);

    for (const serial of serials) {
      const entry = seen.get(serial) as Seen;
      const device = running.device(serial);
      const version = device.parameter(`${DI}SoftwareVersion`)?.value;
      const faults = entry.transferCompletes.map((complete) => complete.fault.faultCode);
      const outcome = { serial, mode: expected.get(serial) };
      expect(entry.informs[0]?.deviceId.productClass).toBe('Model-X');
      switch (expected.get(serial)) {
        case 'ok':
          expect({ ...outcome, faults, version }).toEqual({
            ...outcome,
            faults: [0],
            version: '2.1.0',
          });
          break;
        case '9010':
        case '9018':
          expect({ ...outcome, faults, version, boot: booted(entry) }).toEqual({
            ...outcome,
            faults: [Number(expected.get(serial))],
            version: '1.0.0',
            boot: false,
          });
          break;
        case 'old-version-after-reboot':
          expect({ ...outcome, faults, version }).toEqual({
            ...outcome,
            faults: [0],
            version: '1.0.0',
          });
          expect(device.parameter(`${DI}FirmwareImage.2.Status`)?.value).toBe('ActivationFailed');
          break;
        case 'no-transfer-complete': {
          const events = entry.informs.at(-1)?.events.map((event) => event.eventCode);
          expect({ ...outcome, faults, version, events }).toEqual({
            ...outcome,
            faults: [],
            version: '2.1.0',
            events: ['1 BOOT'],
          });
          break;
        }
        case 'silent':
          expect({ ...outcome, faults, version, informs: entry.informs.length }).toEqual({
            ...outcome,
            faults: [],
            version: '1.0.0',
            informs: 1,
          });
          break;
      }
    }
  }, 60_000);
});

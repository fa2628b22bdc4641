import type { Download, TransferComplete, Upload } from '@acs/cwmp-codec';
import { simulatedFirmwareImage } from '../firmware/image';
import { eventCodes, SimulatorHarness, until } from '../test-support/simulator-harness';

const h = new SimulatorHarness();
afterEach(() => h.stop());

const DI = 'Device.DeviceInfo.';
const IMAGE = simulatedFirmwareImage({ version: '2.1.0', size: 20_000 });
const FILES = { '/files/img-42': IMAGE };

function download(url: string, commandKey = 'fw-2', extra: Partial<Download> = {}): Download {
  return {
    type: 'Download',
    commandKey,
    fileType: '1 Firmware Upgrade Image',
    url,
    username: '',
    password: '',
    fileSize: 0,
    targetFileName: '',
    delaySeconds: 0,
    successUrl: '',
    failureUrl: '',
    ...extra,
  };
}

const signed = (base: string, path = '/files/img-42') => `${base}${path}?d=SIM000000&e=99&s=ab12`;

async function transferComplete(): Promise<TransferComplete> {
  const received = await h.acs?.waitFor(
    (request) => request.envelope?.message.type === 'TransferComplete',
  );
  return received?.envelope?.message as TransferComplete;
}

describe('firmware Download', () => {
  it('reads the version from the image header (a signed URL names none) and boots the other bank', async () => {
    const sim = await h.run(
      (base) => [[download(signed(base), 'fw-2', { fileSize: IMAGE.length })]],
      {},
      { files: FILES },
    );
    const after = await h.nthInform(2);
    expect(eventCodes(after)).toEqual(['7 TRANSFER COMPLETE', 'M Download/fw-2', '1 BOOT']);
    expect(after.parameters.find((p) => p.name === `${DI}SoftwareVersion`)?.value).toBe('2.1.0');
    expect((await transferComplete()).fault.faultCode).toBe(0);
    const device = sim.device('SIM000000');
    expect(device.parameter(`${DI}ActiveFirmwareImage`)?.value).toBe(`${DI}FirmwareImage.2`);
    expect(device.parameter(`${DI}FirmwareImage.2.Version`)?.value).toBe('2.1.0');
    expect(device.parameter(`${DI}FirmwareImage.2.Name`)?.value).toBe('img-42');
  });

  it('rolls back: BootFirmwareImage to bank 1 and a Reboot bring the old version back', async () => {
    const sim = await h.run(
      (base) => [
        [download(signed(base))],
        [
          {
            type: 'SetParameterValues',
            parameters: [
              { name: `${DI}BootFirmwareImage`, type: 'string', value: `${DI}FirmwareImage.1` },
            ],
            parameterKey: 'rollback',
          },
          { type: 'Reboot', commandKey: 'rb-1' },
        ],
      ],
      {},
      { files: FILES },
    );
    const upgraded = await h.nthInform(2);
    expect(upgraded.parameters.find((p) => p.name === `${DI}SoftwareVersion`)?.value).toBe('2.1.0');
    const rolledBack = await h.nthInform(3);
    expect(eventCodes(rolledBack)).toEqual(['1 BOOT', 'M Reboot/rb-1']);
    expect(rolledBack.parameters.find((p) => p.name === `${DI}SoftwareVersion`)?.value).toBe(
      '1.0.0',
    );
    const device = sim.device('SIM000000');
    expect(device.parameter(`${DI}ActiveFirmwareImage`)?.value).toBe(`${DI}FirmwareImage.1`);
    expect(device.parameter(`${DI}FirmwareImage.2.Status`)?.value).toBe('Available');
  });

  it('fails 9018 on a file with neither a header nor a version in its name', async () => {
    const sim = await h.run(
      (base) => [[download(signed(base, '/files/blob'))]],
      {},
      { files: { '/files/blob': Buffer.alloc(5000, 1) } },
    );
    expect((await transferComplete()).fault.faultCode).toBe(9018);
    expect(eventCodes(await h.nthInform(2))).toEqual(['7 TRANSFER COMPLETE', 'M Download/fw-2']);
    expect(sim.device('SIM000000').parameter(`${DI}SoftwareVersion`)?.value).toBe('1.0.0');
  });

  it('fails 9018 on an image built for other hardware, or cut short of the size it announces', async () => {
    const other = simulatedFirmwareImage({ version: '3.0', hardware: 'HW-9', size: 2000 });
    const short = simulatedFirmwareImage({ version: '3.0', size: 9000 }).subarray(0, 8000);
    await h.run(
      (base) => [
        [download(signed(base, '/files/other'), 'a'), download(signed(base, '/files/short'), 'b')],
      ],
      { hardwareVersion: 'HW-1.0' },
      { files: { '/files/other': other, '/files/short': short } },
    );
    await until(
      () =>
        (h.acs?.messages() ?? []).filter((message) => message.type === 'TransferComplete')
          .length === 2,
    );
    const faults = (h.acs?.messages() ?? []).flatMap((message) =>
      message.type === 'TransferComplete' ? [[message.commandKey, message.fault.faultString]] : [],
    );
    expect(faults).toEqual(
      expect.arrayContaining([
        ['a', expect.stringMatching(/^File corrupted.*hardware HW-9/)],
        ['b', expect.stringMatching(/announces 9000 bytes, got 8000/)],
      ]),
    );
  });

  it('sends TransferComplete and M Download with an empty CommandKey under the quirk', async () => {
    await h.run(
      (base) => [[download(signed(base))]],
      { quirks: { emptyTransferCommandKey: true } },
      { files: FILES },
    );
    expect((await transferComplete()).commandKey).toBe('');
    expect(eventCodes(await h.nthInform(2))).toEqual([
      '7 TRANSFER COMPLETE',
      'M Download',
      '1 BOOT',
    ]);
  });

  it('upgrades a TR-098 device in place (one bank)', async () => {
    const sim = await h.run(
      (base) => [[download(signed(base))]],
      { profile: 'tr098' },
      { files: FILES },
    );
    const after = await h.nthInform(2);
    expect(eventCodes(after)).toEqual(['7 TRANSFER COMPLETE', 'M Download/fw-2', '1 BOOT']);
    expect(
      sim.device('SIM000000').parameter('InternetGatewayDevice.DeviceInfo.SoftwareVersion')?.value,
    ).toBe('2.1.0');
  });
});

describe('configuration backup and restore', () => {
  const backup: Upload = {
    type: 'Upload',
    commandKey: 'backup-1',
    fileType: '1 Vendor Configuration File',
    url: '',
    username: 'cpe',
    password: 'secret',
    delaySeconds: 0,
  };

  it('uploads the current configuration, and a Download of it puts the values back', async () => {
    const ntp = 'Device.Time.NTPServer1';
    const sim = await h.run((base) => [
      [
        {
          type: 'SetParameterValues',
          parameters: [{ name: ntp, type: 'string', value: 'before.example' }],
          parameterKey: '',
        },
        { ...backup, url: `${base}/uploads/u-1` },
      ],
      [
        {
          type: 'SetParameterValues',
          parameters: [{ name: ntp, type: 'string', value: 'after.example' }],
          parameterKey: '',
        },
        download(`${base}/uploads/u-1`, 'restore-1', { fileType: '3 Vendor Configuration File' }),
      ],
    ]);
    const put = await h.acs?.waitFor((request) => request.method === 'PUT');
    expect(put?.headers.authorization).toBe(
      `Basic ${Buffer.from('cpe:secret').toString('base64')}`,
    );
    const file = JSON.parse(put?.raw.toString() ?? '{}') as { parameters: Record<string, unknown> };
    expect(file.parameters[ntp]).toBe('before.example');
    expect(file.parameters[`${DI}SerialNumber`]).toBeUndefined(); // status, not configuration
    const restored = await h.nthInform(3);
    expect(eventCodes(restored)).toEqual(['7 TRANSFER COMPLETE', 'M Download/restore-1', '1 BOOT']);
    expect(sim.device('SIM000000').parameter(ntp)?.value).toBe('before.example');
  });

  it('refuses (9018) a configuration file that is not one', async () => {
    await h.run(
      (base) => [
        [download(`${base}/files/junk`, 'restore-2', { fileType: '3 Vendor Configuration File' })],
      ],
      {},
      { files: { '/files/junk': Buffer.from('{"format":"other"}') } },
    );
    expect((await transferComplete()).fault.faultCode).toBe(9018);
  });

  it('uploads a log file that says what the device runs', async () => {
    await h.run((base) => [
      [{ ...backup, fileType: '2 Vendor Log File', url: `${base}/uploads/log-1` }],
    ]);
    const put = await h.acs?.waitFor((request) => request.method === 'PUT');
    expect(put?.raw.toString()).toMatch(/SIM000000 firmware: running 1\.0\.0/);
  });
});

import type { Download, DUStateChangeComplete, TransferComplete } from '@acs/cwmp-codec';
import { eventCodes, FIRMWARE, SimulatorHarness } from '../test-support/simulator-harness';

const h = new SimulatorHarness();
afterEach(() => h.stop());

const firmwareDownload: Download = {
  type: 'Download',
  commandKey: 'fw-2',
  fileType: '1 Firmware Upgrade Image',
  url: '',
  username: '',
  password: '',
  fileSize: FIRMWARE.length,
  targetFileName: '',
  delaySeconds: 0,
  successUrl: '',
  failureUrl: '',
};

describe('transfers and deployment units', () => {
  it('downloads the firmware and reports TransferComplete with 7 TRANSFER COMPLETE + M Download', async () => {
    await h.run((base) => [[{ ...firmwareDownload, url: `${base}/files/firmware-2.0.0.bin` }]]);
    const second = await h.nthInform(2);
    expect(eventCodes(second)).toEqual(['7 TRANSFER COMPLETE', 'M Download/fw-2', '1 BOOT']);
    expect(
      second.parameters.find((p) => p.name === 'Device.DeviceInfo.SoftwareVersion')?.value,
    ).toBe('2.0.0');
    const complete = await h.acs?.waitFor(
      (received) => received.envelope?.message.type === 'TransferComplete',
    );
    expect(complete?.envelope?.message as TransferComplete).toMatchObject({
      commandKey: 'fw-2',
      fault: { faultCode: 0 },
    });
    expect(
      h.acs?.received.some(
        (received) => received.method === 'GET' && received.url.endsWith('firmware-2.0.0.bin'),
      ),
    ).toBe(true);
  });

  it('reports a failed download with its fault code', async () => {
    const simulator = await h.run((base) => [
      [{ ...firmwareDownload, commandKey: 'fw-missing', url: `${base}/files/missing-9.9.bin` }],
    ]);
    const complete = await h.acs?.waitFor(
      (received) => received.envelope?.message.type === 'TransferComplete',
    );
    expect((complete?.envelope?.message as TransferComplete).fault.faultCode).toBe(9016);
    expect(
      simulator.device('SIM000000').parameter('Device.DeviceInfo.SoftwareVersion')?.value,
    ).toBe('1.0.0');
  });

  it('uploads a configuration file with HTTP PUT', async () => {
    await h.run((base) => [
      [
        {
          type: 'Upload',
          commandKey: 'up-1',
          fileType: '1 Vendor Configuration File',
          url: `${base}/files/upload`,
          username: 'u',
          password: 'p',
          delaySeconds: 0,
        },
      ],
    ]);
    const put = await h.acs?.waitFor((received) => received.method === 'PUT');
    expect(put?.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    const file = JSON.parse(put?.raw.toString() ?? '') as Record<string, unknown>;
    expect(file).toMatchObject({ format: 'acs-sim-config/1', serial: 'SIM000000' });
    expect(eventCodes(await h.nthInform(2))).toEqual(['7 TRANSFER COMPLETE', 'M Upload/up-1']);
  });

  it('installs a deployment unit and reports DUStateChangeComplete with 11 DU STATE CHANGE COMPLETE', async () => {
    const simulator = await h.run((base) => [
      [
        {
          type: 'ChangeDUState',
          operations: [
            {
              operation: 'Install',
              url: `${base}/files/firmware-2.0.0.bin`,
              uuid: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
            },
            { operation: 'Install', url: `${base}/files/absent.ipk` },
            { operation: 'Uninstall', uuid: '00000000-0000-4000-8000-00000000ffff' },
          ],
          commandKey: 'du-7',
        },
      ],
    ]);
    const complete = await h.acs?.waitFor(
      (received) => received.envelope?.message.type === 'DUStateChangeComplete',
    );
    const message = complete?.envelope?.message as DUStateChangeComplete;
    expect(message.commandKey).toBe('du-7');
    expect(message.results.map((result) => [result.currentState, result.fault.faultCode])).toEqual([
      ['Installed', 0],
      ['Failed', 9017],
      ['Failed', 9028],
    ]);
    expect(eventCodes(await h.nthInform(2))).toEqual([
      '11 DU STATE CHANGE COMPLETE',
      'M ChangeDUState/du-7',
    ]);
    const device = simulator.device('SIM000000');
    expect(device.state.deploymentUnits.map((unit) => unit.uuid)).toEqual([
      '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
    ]);
    // The unit is in the data model, where the ACS reads it.
    const row = 'Device.SoftwareModules.DeploymentUnit.1.';
    expect(device.parameter(`${row}UUID`)?.value).toBe('6ba7b810-9dad-11d1-80b4-00c04fd430c8');
    expect(device.parameter(`${row}Name`)?.value).toBe('firmware-2.0.0.bin');
    expect(device.parameter(`${row}Status`)?.value).toBe('Installed');
    expect(device.parameter('Device.SoftwareModules.DeploymentUnitNumberOfEntries')?.value).toBe(1);
  });
});

import { TASK_TYPES } from './task-payloads';
import { TaskOf, validateNewTask, validateTask } from './task';

const errorsOf = (result: { ok: boolean; errors?: string[] }) =>
  result.ok ? [] : (result.errors ?? []);

/** A ScheduleDownload request with these windows. */
const scheduled = (timeWindows: unknown[]) => ({
  type: 'scheduleDownload',
  payload: {
    fileType: '1 Firmware Upgrade Image',
    url: 'https://f.example.net/a.bin',
    timeWindows,
  },
});

describe('task requests', () => {
  const valid: Record<(typeof TASK_TYPES)[number], unknown> = {
    getParameterValues: { parameterNames: ['Device.DeviceInfo.', 'Device.DeviceInfo.UpTime'] },
    setParameterValues: {
      values: [
        { name: 'Device.WiFi.SSID.1.SSID', value: 'home' },
        { name: 'Device.ManagementServer.PeriodicInformInterval', value: 300, type: 'unsignedInt' },
        { name: 'Device.WiFi.Radio.1.Enable', value: true, type: 'boolean' },
      ],
      parameterKey: 'change-17',
    },
    getParameterNames: { subtree: 'Device.WiFi.', nextLevel: true },
    refresh: { subtree: 'Device.' },
    getParameterAttributes: { parameterNames: ['Device.WiFi.SSID.1.SSID'] },
    setParameterAttributes: {
      parameters: [
        { name: 'Device.DeviceInfo.SoftwareVersion', notification: 2 },
        { name: 'Device.WiFi.', accessList: ['Subscriber'] },
      ],
    },
    addObject: { objectName: 'Device.WiFi.SSID.' },
    deleteObject: { objectName: 'Device.WiFi.SSID.3.', parameterKey: 'k' },
    reboot: { commandKey: 'maintenance' },
    factoryReset: {},
    download: {
      fileType: '1 Firmware Upgrade Image',
      url: 'https://files.example.net/fw/gw-4.2.1.bin',
      credentials: { username: 'cpe', password: 's3cret' },
      fileSize: 31_457_280,
      targetFileName: 'gw-4.2.1.bin',
      delaySeconds: 30,
    },
    upload: { fileType: '2 Vendor Log File', url: 'http://logs.example.net/upload' },
    scheduleInform: { delaySeconds: 60, commandKey: 'poke' },
    getRpcMethods: {},
    getQueuedTransfers: {},
    getAllQueuedTransfers: {},
    cancelTransfer: { commandKey: 'fw-night' },
    scheduleDownload: {
      fileType: '1 Firmware Upgrade Image',
      url: 'https://files.example.net/fw/gw-4.2.1.bin',
      commandKey: 'fw-night',
      timeWindows: [
        { windowStart: 0, windowEnd: 3600, windowMode: '3 When Idle' },
        {
          windowStart: 7200,
          windowEnd: 10_800,
          windowMode: '4 Confirmation Needed',
          userMessage: 'Upgrade now?',
          maxRetries: 2,
        },
      ],
    },
    changeDuState: {
      operations: [
        { operation: 'Install', url: 'https://apps.example.net/speedtest.ipk', uuid: 'a-1' },
        { operation: 'Update', uuid: 'b-2', version: '2.0' },
        {
          operation: 'Uninstall',
          uuid: 'c-3',
          executionEnvRef: 'Device.SoftwareModules.ExecEnv.1',
        },
      ],
    },
    diagnostic: {
      diagnostic: 'traceRoute',
      dataModel: 'InternetGatewayDevice.',
      inputs: { host: 'example.net', maxHopCount: 30, numberOfTries: 3 },
    },
  };

  it.each(TASK_TYPES)('accepts a well-formed %s request', (type) => {
    const request = { type, payload: valid[type], expiresInSeconds: 3600 };
    expect(validateNewTask(request)).toEqual({ ok: true, value: request });
  });

  it('names the unknown task type', () => {
    expect(errorsOf(validateNewTask({ type: 'explode', payload: {} }))).toEqual([
      expect.stringMatching(
        /^\/type: expected one of getParameterValues, .*changeDuState, diagnostic$/,
      ),
    ]);
  });

  it.each([
    ['a misspelt field', { type: 'reboot', payload: { commandkey: 'x' } }, '/payload/commandkey'],
    [
      'an empty name list',
      { type: 'getParameterValues', payload: { parameterNames: [] } },
      '/payload/parameterNames',
    ],
    [
      'a parameter name with a blank',
      { type: 'getParameterValues', payload: { parameterNames: ['Device.Device Info.'] } },
      '/payload/parameterNames/0',
    ],
    [
      'a value of an unknown xsd type',
      {
        type: 'setParameterValues',
        payload: { values: [{ name: 'Device.X', value: '1', type: 'float' }] },
      },
      '/payload/values/0/type',
    ],
    [
      'a set of a partial path',
      { type: 'setParameterValues', payload: { values: [{ name: 'Device.WiFi.', value: '1' }] } },
      '/payload/values/0/name',
    ],
    [
      'deleting a non-instance',
      { type: 'deleteObject', payload: { objectName: 'Device.WiFi.SSID.' } },
      '/payload/objectName',
    ],
    [
      'adding to a leaf',
      { type: 'addObject', payload: { objectName: 'Device.WiFi.SSID' } },
      '/payload/objectName',
    ],
    [
      'a download over file://',
      {
        type: 'download',
        payload: { fileType: '1 Firmware Upgrade Image', url: 'file:///etc/passwd' },
      },
      '/payload/url',
    ],
    [
      'a zero inform delay',
      { type: 'scheduleInform', payload: { delaySeconds: 0 } },
      '/payload/delaySeconds',
    ],
    [
      'a CommandKey over 32 characters',
      { type: 'reboot', payload: { commandKey: 'k'.repeat(33) } },
      '/payload/commandKey',
    ],
    [
      'an attribute change that changes nothing',
      { type: 'setParameterAttributes', payload: { parameters: [{ name: 'Device.X' }] } },
      '/payload/parameters/0',
    ],
    ['a schedule without a window', scheduled([]), '/payload/timeWindows'],
    [
      'a window that ends before it starts',
      scheduled([{ windowStart: 60, windowEnd: 30, windowMode: '1 At Any Time' }]),
      '/payload/timeWindows/0/windowEnd',
    ],
    [
      'a second window that starts inside the first',
      scheduled([
        { windowStart: 0, windowEnd: 600, windowMode: '1 At Any Time' },
        { windowStart: 300, windowEnd: 900, windowMode: '1 At Any Time' },
      ]),
      '/payload/timeWindows/1/windowStart',
    ],
    [
      'a window mode TR-069 does not define',
      scheduled([{ windowStart: 0, windowEnd: 600, windowMode: '5 Whenever' }]),
      '/payload/timeWindows/0/windowMode',
    ],
    [
      'an uninstall without its UUID',
      { type: 'changeDuState', payload: { operations: [{ operation: 'Uninstall' }] } },
      '/payload/operations/0',
    ],
    [
      'a cancel without a CommandKey',
      { type: 'cancelTransfer', payload: {} },
      '/payload/commandKey',
    ],
    [
      'a negative lifetime',
      { type: 'factoryReset', payload: {}, expiresInSeconds: -5 },
      '/expiresInSeconds',
    ],
  ])('refuses %s, naming the field', (_, request, path) => {
    const errors = errorsOf(validateNewTask(request));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(new RegExp(`^${path.replace(/\//g, '\\/')}: `));
  });
});

describe('stored tasks', () => {
  const download: TaskOf<'download'> = {
    id: '0190f3a2b4c1-0000-a1b2c3d4',
    deviceId: '00D09E-HGW-SN1',
    type: 'download',
    payload: { fileType: '1 Firmware Upgrade Image', url: 'https://files.example.net/fw.bin' },
    status: 'failed',
    attempts: 2,
    createdAt: '2026-11-21T09:42:17.120Z',
    updatedAt: '2026-11-21T09:50:00.000Z',
    expiresAt: '2026-11-28T09:42:17.120Z',
    connectionRequest: true,
    fault: { code: '9010', message: 'Download failure', detail: { transferComplete: true } },
  };

  it('round-trips through JSON, as they travel between the API and provisioning', () => {
    expect(validateTask(JSON.parse(JSON.stringify(download)))).toEqual({
      ok: true,
      value: download,
    });
  });

  it('refuses an unknown status and a payload of another type', () => {
    expect(errorsOf(validateTask({ ...download, status: 'lost' }))[0]).toMatch(/^\/status: /);
    expect(errorsOf(validateTask({ ...download, payload: { delaySeconds: 5 } }))[0]).toMatch(
      /^\/payload/,
    );
  });
});

import { CwmpMessage, CwmpMessageType, faultOf } from '../src';

/**
 * One realistic instance of every message, for round-trip and schema tests. Values respect the
 * schemas' enumerations (Status 0/1, Notification 0-6, transfer fault codes) so that a schema
 * failure always means the encoder is wrong, never the sample.
 */
export const SAMPLES: { [T in CwmpMessageType]: Extract<CwmpMessage, { type: T }> } = {
  GetRPCMethods: { type: 'GetRPCMethods' },
  GetRPCMethodsResponse: {
    type: 'GetRPCMethodsResponse',
    methods: [
      'GetRPCMethods',
      'GetParameterNames',
      'GetParameterValues',
      'SetParameterValues',
      'Reboot',
      'Download',
    ],
  },
  GetParameterNames: { type: 'GetParameterNames', parameterPath: 'Device.WiFi.', nextLevel: true },
  GetParameterNamesResponse: {
    type: 'GetParameterNamesResponse',
    parameters: [
      { name: 'Device.WiFi.Radio.', writable: false },
      { name: 'Device.WiFi.SSID.', writable: false },
      { name: 'Device.WiFi.SSIDNumberOfEntries', writable: false },
      { name: 'Device.WiFi.X_ACME_BandSteering', writable: true },
    ],
  },
  GetParameterValues: {
    type: 'GetParameterValues',
    parameterNames: ['Device.DeviceInfo.UpTime', 'Device.WiFi.SSID.1.SSID', 'Device.Hosts.'],
  },
  GetParameterValuesResponse: {
    type: 'GetParameterValuesResponse',
    parameters: [
      { name: 'Device.DeviceInfo.UpTime', type: 'unsignedInt', value: 86400 },
      { name: 'Device.WiFi.SSID.1.SSID', type: 'string', value: 'Home <5G> & "friends"' },
      { name: 'Device.WiFi.SSID.1.Enable', type: 'boolean', value: true },
      {
        name: 'Device.Ethernet.Interface.1.Stats.BytesSent',
        type: 'unsignedLong',
        value: '18446744073709551615',
      },
      {
        name: 'Device.Ethernet.Interface.1.Stats.X_Delta',
        type: 'long',
        value: '-9007199254740993',
      },
      { name: 'Device.Time.CurrentLocalTime', type: 'dateTime', value: '2026-11-21T10:15:30.250Z' },
      { name: 'Device.DeviceInfo.FirstUseDate', type: 'dateTime', value: null },
      { name: 'Device.Hosts.Host.1.X_Offset', type: 'int', value: -42 },
      { name: 'Device.Security.Certificate.1.X_Blob', type: 'base64', value: 'AAECAwQ=' },
      { name: 'Device.DSL.Line.1.X_Raw', type: 'hexBinary', value: '0A0B0C' },
    ],
  },
  SetParameterValues: {
    type: 'SetParameterValues',
    parameters: [
      { name: 'Device.WiFi.SSID.1.SSID', type: 'string', value: 'Cafe-Guest' },
      {
        name: 'Device.WiFi.AccessPoint.1.Security.KeyPassphrase',
        type: 'string',
        value: 's3cr3t&<pass>',
      },
      { name: 'Device.WiFi.Radio.1.Enable', type: 'boolean', value: false },
      { name: 'Device.ManagementServer.PeriodicInformInterval', type: 'unsignedInt', value: 3600 },
    ],
    parameterKey: 'preset-wifi-v3',
  },
  SetParameterValuesResponse: { type: 'SetParameterValuesResponse', status: 0 },
  GetParameterAttributes: {
    type: 'GetParameterAttributes',
    parameterNames: ['Device.DeviceInfo.SoftwareVersion'],
  },
  GetParameterAttributesResponse: {
    type: 'GetParameterAttributesResponse',
    parameters: [
      { name: 'Device.DeviceInfo.SoftwareVersion', notification: 2, accessList: [] },
      { name: 'Device.WiFi.SSID.1.SSID', notification: 1, accessList: ['Subscriber'] },
    ],
  },
  SetParameterAttributes: {
    type: 'SetParameterAttributes',
    parameters: [
      {
        name: 'Device.DeviceInfo.SoftwareVersion',
        notificationChange: true,
        notification: 2,
        accessListChange: false,
        accessList: [],
      },
      {
        name: 'Device.WiFi.SSID.1.SSID',
        notificationChange: false,
        notification: 0,
        accessListChange: true,
        accessList: ['Subscriber'],
      },
    ],
  },
  SetParameterAttributesResponse: { type: 'SetParameterAttributesResponse' },
  AddObject: { type: 'AddObject', objectName: 'Device.NAT.PortMapping.', parameterKey: 'pm-42' },
  AddObjectResponse: { type: 'AddObjectResponse', instanceNumber: 7, status: 0 },
  DeleteObject: {
    type: 'DeleteObject',
    objectName: 'Device.NAT.PortMapping.7.',
    parameterKey: 'pm-43',
  },
  DeleteObjectResponse: { type: 'DeleteObjectResponse', status: 1 },
  Reboot: { type: 'Reboot', commandKey: 'reboot-20261121' },
  RebootResponse: { type: 'RebootResponse' },
  FactoryReset: { type: 'FactoryReset' },
  FactoryResetResponse: { type: 'FactoryResetResponse' },
  Download: {
    type: 'Download',
    commandKey: 'fw-7.2.1',
    fileType: '1 Firmware Upgrade Image',
    url: 'http://files.acs.example.net/fw/hgw-7.2.1.bin?token=a&b',
    username: 'cpe',
    password: 'p@ss',
    fileSize: 31457280,
    targetFileName: 'hgw-7.2.1.bin',
    delaySeconds: 0,
    successUrl: '',
    failureUrl: '',
  },
  DownloadResponse: { type: 'DownloadResponse', status: 1, startTime: null, completeTime: null },
  Upload: {
    type: 'Upload',
    commandKey: 'cfg-backup',
    fileType: '1 Vendor Configuration File',
    url: 'http://files.acs.example.net/upload/cfg',
    username: '',
    password: '',
    delaySeconds: 5,
  },
  UploadResponse: {
    type: 'UploadResponse',
    status: 0,
    startTime: '2026-11-21T10:00:01Z',
    completeTime: '2026-11-21T10:00:03Z',
  },
  ScheduleInform: { type: 'ScheduleInform', delaySeconds: 300, commandKey: 'check-later' },
  ScheduleInformResponse: { type: 'ScheduleInformResponse' },
  ScheduleDownload: {
    type: 'ScheduleDownload',
    commandKey: 'fw-night',
    fileType: '1 Firmware Upgrade Image',
    url: 'https://files.acs.example.net/fw/ont-3.1.bin',
    username: '',
    password: '',
    fileSize: 12582912,
    targetFileName: '',
    timeWindows: [
      {
        windowStart: 3600,
        windowEnd: 7200,
        windowMode: '1 At Any Time',
        userMessage: '',
        maxRetries: 3,
      },
      {
        windowStart: 86400,
        windowEnd: 90000,
        windowMode: '3 When Idle',
        userMessage: 'Upgrade tonight',
        maxRetries: -1,
      },
    ],
  },
  ScheduleDownloadResponse: { type: 'ScheduleDownloadResponse' },
  CancelTransfer: { type: 'CancelTransfer', commandKey: 'fw-night' },
  CancelTransferResponse: { type: 'CancelTransferResponse' },
  GetQueuedTransfers: { type: 'GetQueuedTransfers' },
  GetQueuedTransfersResponse: {
    type: 'GetQueuedTransfersResponse',
    transfers: [
      { commandKey: 'fw-night', state: 1 },
      { commandKey: 'cfg-backup', state: 2 },
    ],
  },
  GetAllQueuedTransfers: { type: 'GetAllQueuedTransfers' },
  GetAllQueuedTransfersResponse: {
    type: 'GetAllQueuedTransfersResponse',
    transfers: [
      {
        commandKey: 'fw-night',
        state: 1,
        isDownload: true,
        fileType: '1 Firmware Upgrade Image',
        fileSize: 12582912,
        targetFileName: '',
      },
    ],
  },
  ChangeDUState: {
    type: 'ChangeDUState',
    operations: [
      {
        operation: 'Install',
        url: 'http://files.acs.example.net/du/speedtest-1.0.ipk',
        uuid: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
        executionEnvRef: 'Device.SoftwareModules.ExecEnv.1.',
      },
      {
        operation: 'Update',
        uuid: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
        version: '2.0',
        url: 'http://files.acs.example.net/du/agent-2.0.ipk',
      },
      { operation: 'Uninstall', uuid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8', version: '1.3' },
    ],
    commandKey: 'du-batch-1',
  },
  ChangeDUStateResponse: { type: 'ChangeDUStateResponse' },
  Inform: {
    type: 'Inform',
    deviceId: {
      manufacturer: 'Acme Networks',
      oui: '00D09E',
      productClass: 'HGW-5000',
      serialNumber: 'ACME0001234',
    },
    events: [
      { eventCode: '1 BOOT', commandKey: '' },
      { eventCode: 'M Reboot', commandKey: 'reboot-20261121' },
    ],
    maxEnvelopes: 1,
    currentTime: '2026-11-21T10:00:00+01:00',
    retryCount: 0,
    parameters: [
      { name: 'Device.DeviceInfo.SoftwareVersion', type: 'string', value: '7.2.1' },
      {
        name: 'Device.ManagementServer.ConnectionRequestURL',
        type: 'string',
        value: 'http://203.0.113.7:7547/cr',
      },
      { name: 'Device.ManagementServer.PeriodicInformInterval', type: 'unsignedInt', value: 3600 },
    ],
  },
  InformResponse: { type: 'InformResponse', maxEnvelopes: 1 },
  TransferComplete: {
    type: 'TransferComplete',
    commandKey: 'fw-7.2.1',
    fault: { faultCode: 0, faultString: '' },
    startTime: '2026-11-21T09:58:00Z',
    completeTime: '2026-11-21T09:59:30Z',
  },
  TransferCompleteResponse: { type: 'TransferCompleteResponse' },
  AutonomousTransferComplete: {
    type: 'AutonomousTransferComplete',
    announceUrl: '',
    transferUrl: 'http://files.vendor.example.com/fw/hgw-7.2.2.bin',
    isDownload: true,
    fileType: '1 Firmware Upgrade Image',
    fileSize: 31457280,
    targetFileName: '',
    fault: { faultCode: 9010, faultString: 'Download failed: checksum mismatch' },
    startTime: '2026-11-21T03:00:00Z',
    completeTime: '2026-11-21T03:02:10Z',
  },
  AutonomousTransferCompleteResponse: { type: 'AutonomousTransferCompleteResponse' },
  RequestDownload: {
    type: 'RequestDownload',
    fileType: '3 Vendor Configuration File',
    fileTypeArgs: [{ name: 'Version', value: '2' }],
  },
  RequestDownloadResponse: { type: 'RequestDownloadResponse' },
  Kicked: {
    type: 'Kicked',
    command: 'provision',
    referer: 'http://portal.isp.example/activate',
    arg: 'plan=gold',
    next: 'http://portal.isp.example/done',
  },
  KickedResponse: { type: 'KickedResponse', nextUrl: 'http://portal.isp.example/done?ok=1' },
  DUStateChangeComplete: {
    type: 'DUStateChangeComplete',
    results: [
      {
        uuid: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
        deploymentUnitRef: 'Device.SoftwareModules.DeploymentUnit.3.',
        version: '1.0',
        currentState: 'Installed',
        resolved: true,
        executionUnitRefList: 'Device.SoftwareModules.ExecutionUnit.5.',
        startTime: '2026-11-21T10:01:00Z',
        completeTime: '2026-11-21T10:01:20Z',
        fault: { faultCode: 0, faultString: '' },
      },
    ],
    commandKey: 'du-batch-1',
  },
  DUStateChangeCompleteResponse: { type: 'DUStateChangeCompleteResponse' },
  AutonomousDUStateChangeComplete: {
    type: 'AutonomousDUStateChangeComplete',
    results: [
      {
        uuid: '6ba7b813-9dad-11d1-80b4-00c04fd430c8',
        deploymentUnitRef: '',
        version: '0.9',
        currentState: 'Failed',
        resolved: false,
        executionUnitRefList: '',
        startTime: '2026-11-21T04:00:00Z',
        completeTime: null,
        fault: { faultCode: 9018, faultString: 'Package corrupted' },
        operationPerformed: 'Install',
      },
    ],
  },
  AutonomousDUStateChangeCompleteResponse: { type: 'AutonomousDUStateChangeCompleteResponse' },
  Fault: {
    ...faultOf(9003),
    setParameterValuesFaults: [
      {
        parameterName: 'Device.WiFi.Radio.1.Channel',
        faultCode: 9007,
        faultString: 'Invalid parameter value',
      },
      {
        parameterName: 'Device.DeviceInfo.SerialNumber',
        faultCode: 9008,
        faultString: 'Attempt to set a non-writable parameter',
      },
    ],
  },
};

/** The ACS faults 8000-8006, as answers to CPE requests. */
export const ACS_FAULT_SAMPLES = [8000, 8001, 8002, 8003, 8004, 8005, 8006].map((code) =>
  faultOf(code),
);

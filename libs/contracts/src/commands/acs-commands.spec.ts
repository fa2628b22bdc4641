import { DEVICE_LIFECYCLE_EVENT_TYPES } from '../acs-events/acs-events';
import { FIRMWARE_EVENT_SCHEMAS } from '../acs-events/firmware-events';
import { PROVISIONING_EVENT_TYPES } from '../acs-events/provisioning-events';
import { TOPICS } from '../topics';
import { ACS_COMMAND_TYPES, validateAcsCommand } from './acs-commands';
import {
  assertPublicMessage,
  PUBLIC_MESSAGES,
  PublicMessageError,
  validatePublicMessage,
} from './public-messages';

const header = { schemaVersion: 1, commandId: 'crm-42' };

const valid = {
  createTask: {
    ...header,
    type: 'createTask',
    deviceId: '00D09E-HG8245-0001',
    task: { type: 'reboot', payload: { commandKey: 'crm' }, connectionRequest: true },
  },
  runDiagnostic: {
    ...header,
    type: 'runDiagnostic',
    deviceId: '00D09E-HG8245-0001',
    diagnostic: 'ipPing',
    inputs: { host: 'example.net', numberOfRepetitions: 4 },
    connectionRequest: true,
  },
  setTags: { ...header, type: 'setTags', deviceIds: ['a', 'b'], add: ['vip'], remove: [] },
  loadSubscribers: {
    ...header,
    type: 'loadSubscribers',
    records: [{ subscriberId: 's1', serialNumber: 'SN1', profile: 'gold', data: { ssid: 'x' } }],
  },
  applyProfile: {
    ...header,
    type: 'applyProfile',
    deviceId: 'dev-1',
    configurationId: 'cfg-1',
    issuedAt: '2026-11-21T09:00:00.000Z',
  },
  connectionRequest: { ...header, type: 'connectionRequest', deviceId: 'dev-1' },
  controlCampaign: {
    ...header,
    type: 'controlCampaign',
    campaignId: 'c-1',
    action: 'pause',
    note: 'freeze',
  },
};

describe('AcsCommand', () => {
  it.each(Object.entries(valid))('accepts a %s command', (_type, command) => {
    expect(validateAcsCommand(command)).toEqual({ ok: true, value: command });
  });

  it('covers every command type with an example', () => {
    expect(Object.keys(valid).sort()).toEqual([...ACS_COMMAND_TYPES].sort());
  });

  it.each([
    ['an unknown type', { ...header, type: 'reboot', deviceId: 'd' }, '/type'],
    ['another schema version', { ...valid.connectionRequest, schemaVersion: 2 }, '/schemaVersion'],
    [
      'a commandId over 128 characters',
      { ...valid.connectionRequest, commandId: 'x'.repeat(129) },
      '/commandId',
    ],
    ['no device ids', { ...valid.setTags, deviceIds: [] }, '/deviceIds'],
    ['a repeated device id', { ...valid.setTags, deviceIds: ['a', 'a'] }, '/deviceIds'],
    ['a misspelt field', { ...valid.connectionRequest, deviceID: 'd' }, '/deviceID'],
    [
      'an invalid task payload',
      {
        ...valid.createTask,
        task: { type: 'getParameterValues', payload: { parameterNames: [] } },
      },
      '/task',
    ],
    [
      'a scheduled download whose windows overlap, as the API refuses it',
      {
        ...valid.createTask,
        task: {
          type: 'scheduleDownload',
          payload: {
            fileType: '1 Firmware Upgrade Image',
            url: 'https://files.example.net/fw.bin',
            timeWindows: [
              { windowStart: 0, windowEnd: 600, windowMode: '1 At Any Time' },
              { windowStart: 300, windowEnd: 900, windowMode: '1 At Any Time' },
            ],
          },
        },
      },
      '/task/payload/timeWindows/1/windowStart',
    ],
    [
      'a record without data',
      { ...valid.loadSubscribers, records: [{ subscriberId: 's' }] },
      '/records/0/data',
    ],
  ])('refuses %s, naming the field', (_what, command, field) => {
    const checked = validateAcsCommand(command);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.some((error) => error.startsWith(field))).toBe(true);
  });
});

describe('public messages', () => {
  const event = {
    schemaVersion: 1,
    type: 'DeviceBooted',
    eventId: 'e1',
    deviceId: 'dev-1',
    occurredAt: '2026-11-21T09:00:00.000Z',
    eventCodes: ['1 BOOT'],
  };
  const result = {
    schemaVersion: 1,
    commandId: 'crm-42',
    type: 'setTags',
    status: 'succeeded',
    completedAt: '2026-11-21T09:00:00.000Z',
    result: { matched: 2 },
  };

  it('lists every acs.events member, every command type, the result and the audit entry, each name once', () => {
    const names = PUBLIC_MESSAGES.map((message) => message.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        ...DEVICE_LIFECYCLE_EVENT_TYPES,
        ...PROVISIONING_EVENT_TYPES,
        ...Object.keys(FIRMWARE_EVENT_SCHEMAS),
        'CreateTaskCommand',
        'ConnectionRequestCommand',
        'AcsCommandResult',
        'AuditEntry',
      ]),
    );
    expect(names).toHaveLength(
      DEVICE_LIFECYCLE_EVENT_TYPES.length +
        PROVISIONING_EVENT_TYPES.length +
        Object.keys(FIRMWARE_EVENT_SCHEMAS).length +
        ACS_COMMAND_TYPES.length +
        2,
    );
  });

  it('keys campaign events by campaign and device outcomes by device', () => {
    const keyOf = (name: string) => PUBLIC_MESSAGES.find((message) => message.name === name)?.key;
    expect(keyOf('CampaignPaused')).toBe('campaignId');
    expect(keyOf('DeviceFirmwareFailed')).toBe('deviceId');
    expect(keyOf('DeviceFirmwareRolledBack')).toBe('deviceId');
    expect(keyOf('DeviceFirmwareRollbackFailed')).toBe('deviceId');
  });

  it('accepts a valid message of each topic, as an object or as the JSON on the wire', () => {
    expect(assertPublicMessage(TOPICS.events, event)).toEqual(event);
    expect(assertPublicMessage(TOPICS.commands, JSON.stringify(valid.setTags))).toEqual(
      valid.setTags,
    );
    expect(assertPublicMessage(TOPICS.commandResults, result)).toEqual(result);
  });

  it('refuses a message of another topic, a wrong field, and text that is not JSON', () => {
    expect(() => assertPublicMessage(TOPICS.events, valid.setTags)).toThrow(PublicMessageError);
    expect(() => assertPublicMessage(TOPICS.commandResults, { ...result, status: 'done' })).toThrow(
      /\/status/,
    );
    expect(validatePublicMessage(TOPICS.commandResults, '{oops')).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^not JSON/)],
    });
  });
});

describe('acs.audit messages', () => {
  const entry = {
    schemaVersion: 1,
    id: '0190a1b2c3d4-0000',
    seq: 1,
    at: '2026-11-21T09:00:00.000Z',
    phase: 'intent',
    who: { keyId: 'k1', keyName: 'ops' },
    action: 'device.delete',
    target: 'device:dev-1',
    request: { params: { deviceId: 'dev-1' } },
    prevHash: '0'.repeat(64),
    hash: 'a'.repeat(64),
  };

  it('takes an intent and an outcome, and refuses an entry without its chain link', () => {
    expect(assertPublicMessage(TOPICS.audit, entry)).toEqual(entry);
    const outcome = { ...entry, seq: 2, phase: 'outcome', intentId: entry.id, status: 204 };
    expect(assertPublicMessage(TOPICS.audit, outcome)).toEqual(outcome);
    const unlinked: Record<string, unknown> = { ...entry };
    delete unlinked['prevHash'];
    expect(validatePublicMessage(TOPICS.audit, unlinked)).toMatchObject({ ok: false });
    expect(validatePublicMessage(TOPICS.audit, { ...entry, seq: 0 })).toMatchObject({ ok: false });
  });
});

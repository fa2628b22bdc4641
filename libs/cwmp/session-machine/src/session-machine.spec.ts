import { faultOf } from '@acs/cwmp-codec';
import { NEW_SESSION, onCpeInput, onOutboxEntry, SessionState } from './session-machine';

const transferComplete = {
  type: 'TransferComplete' as const,
  commandKey: 'unknown-to-us',
  fault: { faultCode: 0, faultString: '' },
  startTime: null,
  completeTime: null,
};

const reboot = { type: 'Reboot' as const, commandKey: 'k' };
const spv = {
  type: 'SetParameterValues' as const,
  parameters: [{ name: 'Device.WiFi.SSID.1.SSID', type: 'string' as const, value: 'home' }],
  parameterKey: 'k',
};
const download = {
  type: 'Download' as const,
  commandKey: 'fw',
  fileType: '1 Firmware Upgrade Image',
  url: 'http://files/fw.bin',
  username: '',
  password: '',
  fileSize: 0,
  targetFileName: '',
  delaySeconds: 0,
  successUrl: '',
  failureUrl: '',
};

describe('CWMP session state machine', () => {
  it('runs Inform → empty POST → RPC → response → END', () => {
    const afterEmpty = onCpeInput(NEW_SESSION, { kind: 'empty' });
    expect(afterEmpty).toEqual({ kind: 'next-from-outbox', state: NEW_SESSION, events: [] });

    const send = onOutboxEntry(
      NEW_SESSION,
      { kind: 'rpc', rpcId: 'r1', request: { type: 'Reboot', commandKey: 'k' } },
      'acs-1',
    );
    expect(send).toEqual({
      kind: 'send',
      state: {
        rpcCount: 0,
        outstanding: { rpcId: 'r1', method: 'Reboot', cwmpId: 'acs-1', request: reboot },
      },
      request: { type: 'Reboot', commandKey: 'k' },
    });
    if (send.kind !== 'send') throw new Error('expected send');

    const answered = onCpeInput(send.state, {
      kind: 'message',
      message: { type: 'RebootResponse' },
      cwmpId: 'acs-1',
    });
    expect(answered).toEqual({
      kind: 'next-from-outbox',
      state: { rpcCount: 1, outstanding: null },
      events: [
        {
          type: 'RpcResult',
          rpcId: 'r1',
          method: 'Reboot',
          request: reboot,
          result: { kind: 'response', response: { type: 'RebootResponse' } },
        },
      ],
    });
    expect(onOutboxEntry({ rpcCount: 1, outstanding: null }, { kind: 'end' }, 'acs-2')).toEqual({
      kind: 'end',
      state: { rpcCount: 1, outstanding: null },
    });
  });

  it('records a CPE fault as the RPC result; the session goes on', () => {
    const state: SessionState = {
      rpcCount: 0,
      outstanding: { rpcId: 'r9', method: 'SetParameterValues', cwmpId: 'x', request: spv },
    };
    const step = onCpeInput(state, { kind: 'message', message: faultOf(9007), cwmpId: 'x' });
    expect(step).toMatchObject({
      kind: 'next-from-outbox',
      state: { rpcCount: 1, outstanding: null },
      events: [
        {
          type: 'RpcResult',
          rpcId: 'r9',
          request: spv,
          result: { kind: 'fault', fault: { faultCode: 9007 } },
        },
      ],
    });
  });

  it('answers every CPE request after publishing it, TransferComplete even for an unknown CommandKey', () => {
    expect(
      onCpeInput(NEW_SESSION, { kind: 'message', message: transferComplete, cwmpId: '5' }),
    ).toEqual({
      kind: 'answer',
      state: NEW_SESSION,
      events: [{ type: 'CpeRequest', request: transferComplete }],
      reply: { type: 'TransferCompleteResponse' },
    });
    const kicked = {
      type: 'Kicked' as const,
      command: 'c',
      referer: 'r',
      arg: 'a',
      next: 'http://portal/next',
    };
    expect(
      onCpeInput(NEW_SESSION, { kind: 'message', message: kicked, cwmpId: '6' }),
    ).toMatchObject({
      reply: { type: 'KickedResponse', nextUrl: 'http://portal/next' },
    });
    expect(
      onCpeInput(NEW_SESSION, { kind: 'message', message: { type: 'GetRPCMethods' }, cwmpId: '7' }),
    ).toMatchObject({
      reply: {
        type: 'GetRPCMethodsResponse',
        methods: expect.arrayContaining(['Inform', 'TransferComplete', 'Kicked']),
      },
    });
  });

  it('records an RPC the CPE never answered when it posts empty instead', () => {
    const state: SessionState = {
      rpcCount: 2,
      outstanding: { rpcId: 'r3', method: 'Download', cwmpId: 'x', request: download },
    };
    expect(onCpeInput(state, { kind: 'empty' })).toMatchObject({
      kind: 'next-from-outbox',
      state: { rpcCount: 2, outstanding: null },
      events: [
        { type: 'RpcResult', rpcId: 'r3', result: { kind: 'fault', fault: { faultCode: 9002 } } },
      ],
    });
  });

  it('ignores a stray response', () => {
    expect(
      onCpeInput(NEW_SESSION, {
        kind: 'message',
        message: { type: 'RebootResponse' },
        cwmpId: '1',
      }),
    ).toEqual({
      kind: 'next-from-outbox',
      state: NEW_SESSION,
      events: [],
    });
  });

  it('ends the session when provisioning had nothing in time', () => {
    expect(onOutboxEntry(NEW_SESSION, null, 'x')).toEqual({ kind: 'end', state: NEW_SESSION });
  });
});

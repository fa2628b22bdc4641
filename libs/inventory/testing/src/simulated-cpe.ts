import type { AcsRequest } from '@acs/cwmp-codec';
import {
  deviceIdOf,
  type RpcResult,
  type SessionClosed,
  type SessionCloseReason,
  type SessionOpened,
} from '@acs/contracts';
import {
  buildInform,
  changeLocally,
  createDeviceState,
  handleRpc,
  profileNamed,
  withEvent,
  type DeviceState,
  type ProfileName,
} from '@acs/cpe-simulator';

/**
 * A CPE of the simulator's TR-181 or TR-098 profile, producing the session events a gateway
 * would publish for it: real Informs, and real answers from the simulator's RPC handlers (which
 * change the device as a CPE would). Event ids are unique per device and sequence.
 */
export class SimulatedCpe {
  state: DeviceState;
  readonly deviceId: string;
  private sequence = 0;
  private sessions = 0;
  private sessionId = 'none';
  private clock: number;

  constructor(profile: ProfileName, serial: string, start = '2026-03-01T08:00:00.000Z') {
    const compiled = profileNamed(profile);
    // As the simulator's runtime does: the device knows where its connection-request listener is.
    const factory = new Map([
      [compiled.paths.connectionRequestUrl, `http://198.51.100.7:7547/cr/${serial}`],
    ]);
    this.state = createDeviceState(compiled, serial, 1, factory);
    this.deviceId = deviceIdOf({ ...compiled.identity, serialNumber: serial });
    this.clock = Date.parse(start);
  }

  /** Advances the device's clock (the gateway's time of the next event). */
  later(seconds: number): this {
    this.clock += seconds * 1000;
    return this;
  }

  /** Opens a session with an Inform carrying every pending event, which the session then clears. */
  inform(): SessionOpened {
    this.sessionId = `${this.deviceId}/session-${++this.sessions}`;
    const inform = buildInform(this.state, 0, new Date(this.clock));
    this.state = { ...this.state, pendingEvents: [], valueChanges: [] };
    return {
      ...this.base(),
      type: 'SessionOpened',
      cwmpVersion: '1.4',
      namespace: 'urn:dslforum-org:cwmp-1-2',
      remoteAddress: '198.51.100.7',
      inform,
    };
  }

  /** The ACS calls `request`; the simulator answers it as the CPE would. */
  answer(request: AcsRequest): RpcResult {
    const outcome = handleRpc(this.state, request);
    this.state = outcome.state;
    const reply = outcome.reply;
    return {
      ...this.base(),
      type: 'RpcResult',
      rpcId: `rpc-${this.sequence}`,
      method: request.type,
      result:
        reply.type === 'Fault'
          ? { kind: 'fault', fault: reply }
          : { kind: 'response', response: reply },
    };
  }

  closed(reason: SessionCloseReason = 'completed'): SessionClosed {
    return { ...this.base(), type: 'SessionClosed', reason, durationMs: 840, rpcCount: 2 };
  }

  /** A user changed a value on the device; with notification on it is reported next Inform. */
  changeLocally(path: string, value: string | number | boolean): this {
    this.state = changeLocally(this.state, path, value).state;
    return this;
  }

  /** The device rebooted: its next Inform carries 1 BOOT. */
  reboot(): this {
    this.state = withEvent(this.state, '1 BOOT');
    return this;
  }

  /** The device was reset to factory defaults: its next Inform carries 0 BOOTSTRAP and 1 BOOT. */
  factoryReset(): this {
    this.state = withEvent(withEvent(this.state, '0 BOOTSTRAP'), '1 BOOT');
    return this;
  }

  private base() {
    this.sequence++;
    return {
      schemaVersion: 1 as const,
      eventId: `${this.deviceId}/event-${this.sequence}`,
      deviceId: this.deviceId,
      sessionId: this.sessionId,
      occurredAt: new Date(this.clock).toISOString(),
      gatewayPod: 'gw-0',
    };
  }
}

import type { ChangeDUState, ParameterValue } from '@acs/cwmp-codec';
import {
  DeviceState,
  NO_ITEMS,
  OwedRequest,
  QueuedTransfer,
  withEvent,
} from '../model/device-state';
import { changeLocally, withCpeRequest } from '../model/local-changes';
import { RawValue } from '../model/schema';
import { readParameter } from '../model/tree';
import {
  applyDuOperations,
  completeDuChange,
  completeTransfer,
  forgetTransfer,
  rebootsAfter,
  startTransfer,
} from '../rpc/completion';
import { bootFirmware } from '../firmware/banks';
import {
  completeDiagnostic,
  DEFAULT_DIAGNOSTIC_BEHAVIOUR,
  type DiagnosticBehaviour,
} from '../diagnostics/run-diagnostic';
import { configurationFile, logFile } from '../firmware/config-file';
import { FirmwareFailure } from '../firmware/failures';
import { Effect } from '../rpc/outcome';
import type { Authenticator } from '../cpe-session/digest';
import { DeviceQuirks } from '../cpe-session/quirks';
import { retryDelayMs } from '../cpe-session/retry';
import {
  runSession,
  SessionDevice,
  SessionOptions,
  SessionResult,
} from '../cpe-session/session-client';
import { TlsOptions } from '../cpe-session/transport';
import { DownloadContext, DownloadEnd, performDownload } from './download-work';
import { fetchFile, putFile } from './file-transfer';
import { Limiter } from './limiter';
import { Scheduled, Scheduler } from './scheduler';

/** What a device needs from the simulator that runs it. */
export interface DeviceHost {
  limiter: Limiter;
  /** The timers of every device of the simulator. */
  scheduler: Scheduler;
  requestTimeoutMs: number;
  tls?: TlsOptions;
  /** Spread of periodic informs: the interval is multiplied by 1 ± jitter·random. */
  periodicJitter: number;
  /** How long a reboot takes before the device informs again. */
  rebootDelayMs: number;
  /** Overrides the retry wait (tests); by default the TR-069 backoff from the device's own parameters. */
  retryDelayMs?: (failures: number) => number;
  /** How devices misbehave with firmware Downloads (see FirmwareFailure); none by default. */
  firmwareFailures?: readonly FirmwareFailure[];
  /** How TR-143 diagnostics turn out (DEFAULT_DIAGNOSTIC_BEHAVIOUR when absent). */
  diagnostics?: DiagnosticBehaviour;
  sessionEnded(device: SimulatedDevice, result: SessionResult): void;
}

/**
 * One simulated CPE at run time: its state (an immutable DeviceState replaced as it changes), its
 * timers (periodic, scheduled, retry, transfers) and at most one session at a time. A session asked
 * for while one runs follows it, so events raised meanwhile are not lost.
 */
export class SimulatedDevice implements SessionDevice {
  retryCount = 0;
  keptDigest?: Authenticator;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  /** Raised by stop(): what was scheduled before does not run after a restart. */
  private generation = 0;
  private periodicTimer: Scheduled | undefined;
  private retryTimer: Scheduled | undefined;

  constructor(
    public state: DeviceState,
    public readonly quirks: DeviceQuirks,
    private readonly host: DeviceHost,
  ) {}

  get serial(): string {
    return this.state.serial;
  }

  /** The value of one parameter, or undefined when the device has no such parameter. */
  parameter(path: string): ParameterValue | undefined {
    return readParameter(this.state, path);
  }

  get sessionInProgress(): boolean {
    return this.running !== undefined;
  }

  /** Boots: the first session (pending `0 BOOTSTRAP`/`1 BOOT`) after `delayMs`. */
  start(delayMs: number): void {
    this.stopped = false;
    this.later(delayMs, () => this.requestSession());
  }

  /** Starts a session now (after the current one, if any), adding an event when given. */
  informNow(eventCode?: string, commandKey = ''): void {
    if (eventCode) this.state = withEvent(this.state, eventCode, commandKey);
    this.requestSession();
  }

  /**
   * A value changes on the device itself: reported per its notification attribute (see
   * changeLocally); an active notification starts a session at once.
   */
  changeLocally(path: string, value: RawValue): void {
    const outcome = changeLocally(this.state, path, value);
    this.state = outcome.state;
    if (outcome.active) this.requestSession();
  }

  /**
   * TR-111: STUN found the public address of the connection-request socket. A new one replaces
   * UDPConnectionRequestAddress as a local change (reported per its notification) and sets
   * NATDetected. Returns whether the address changed.
   */
  learnUdpBinding(address: string, behindNat: boolean): boolean {
    const paths = this.state.profile.paths;
    const natDetected = `${this.state.profile.root.name}.ManagementServer.NATDetected`;
    if (this.parameter(natDetected) && this.parameter(natDetected)?.value !== behindNat) {
      this.changeLocally(natDetected, behindNat);
    }
    if (this.parameter(paths.udpConnectionRequestAddress)?.value === address) return false;
    this.changeLocally(paths.udpConnectionRequestAddress, address);
    return true;
  }

  /** Sends a CPE request (RequestDownload, Kicked, GetRPCMethods, ...) in a session started now. */
  sendRequest(request: OwedRequest): void {
    this.state = withCpeRequest(this.state, request);
    this.requestSession();
  }

  /** Clears every timer and waits for a running session to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    this.periodicTimer?.cancel();
    this.retryTimer?.cancel();
    this.periodicTimer = undefined;
    this.retryTimer = undefined;
    await this.running;
  }

  private later(delayMs: number, action: () => void): Scheduled {
    const generation = this.generation;
    return this.host.scheduler.after(delayMs, () => {
      if (!this.stopped && generation === this.generation) action();
    });
  }

  private requestSession(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.retryTimer?.cancel();
    this.retryTimer = undefined;
    this.running = this.session().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.requestSession();
      }
    });
  }

  private sessionOptions(): SessionOptions {
    const paths = this.state.profile.paths;
    const text = (path: string): string => String(readParameter(this.state, path)?.value ?? '');
    return {
      acsUrl: text(paths.acsUrl),
      username: text(paths.acsUsername),
      password: text(paths.acsPassword),
      requestTimeoutMs: this.host.requestTimeoutMs,
      ...(this.host.tls ? { tls: this.host.tls } : {}),
    };
  }

  private async session(): Promise<void> {
    await this.host.limiter.acquire();
    if (this.stopped) {
      // Stopped while waiting for a slot: the session never starts.
      this.host.limiter.release();
      return;
    }
    let result: SessionResult;
    try {
      result = await runSession(this, this.sessionOptions());
    } finally {
      this.host.limiter.release();
    }
    this.host.sessionEnded(this, result);
    for (const effect of result.effects) this.apply(effect);
    if (result.ok) {
      this.retryCount = 0;
      this.schedulePeriodic();
    } else {
      this.retryCount++;
      const wait = result.retryAfterMs ?? this.retryWaitMs();
      this.retryTimer?.cancel();
      this.retryTimer = this.later(wait, () => this.requestSession());
    }
  }

  private retryWaitMs(): number {
    if (this.host.retryDelayMs) return this.host.retryDelayMs(this.retryCount);
    // TR-098 has no retry parameters: TR-069's defaults (5 s, 2000) apply.
    const minimum = readParameter(
      this.state,
      this.state.profile.root.name + '.ManagementServer.CWMPRetryMinimumWaitInterval',
    );
    const multiplier = readParameter(
      this.state,
      this.state.profile.root.name + '.ManagementServer.CWMPRetryIntervalMultiplier',
    );
    return retryDelayMs(
      this.retryCount,
      Number(minimum?.value ?? 5),
      Number(multiplier?.value ?? 2000),
    );
  }

  private schedulePeriodic(): void {
    this.periodicTimer?.cancel();
    const paths = this.state.profile.paths;
    if (readParameter(this.state, paths.periodicInformEnable)?.value !== true) return;
    const interval =
      Number(readParameter(this.state, paths.periodicInformInterval)?.value ?? 0) * 1000;
    if (interval <= 0) return;
    const jitter = 1 + this.host.periodicJitter * (Math.random() * 2 - 1);
    this.periodicTimer = this.later(interval * jitter, () => this.informNow('2 PERIODIC'));
  }

  private apply(effect: Effect): void {
    switch (effect.kind) {
      case 'reboot':
        // The boot events are already pending; a failed session delivers them at the retry.
        // A dual-bank device starts the bank BootFirmwareImage names (a rollback, say).
        this.state = bootFirmware(this.state);
        this.periodicTimer?.cancel();
        this.later(this.host.rebootDelayMs, () => this.requestSession());
        return;
      case 'scheduleInform':
        this.later(effect.delaySeconds * 1000, () => {
          this.state = withEvent(this.state, '3 SCHEDULED');
          this.informNow('M ScheduleInform', effect.commandKey);
        });
        return;
      case 'transfer': {
        const transfer = this.state.queuedTransfers.find(
          (queued) => queued.commandKey === effect.commandKey,
        );
        if (transfer)
          this.later(transfer.delaySeconds * 1000, () => void this.transfer(effect.commandKey));
        return;
      }
      case 'changeDuState':
        this.later(0, () => void this.changeDuState(effect.request));
        return;
      case 'diagnostic': {
        const behaviour = this.host.diagnostics ?? DEFAULT_DIAGNOSTIC_BEHAVIOUR;
        this.later(behaviour.durationMs, () => {
          const before = this.state;
          this.state = completeDiagnostic(this.state, effect.object, behaviour);
          if (this.state !== before) this.requestSession();
        });
        return;
      }
    }
  }

  private async transfer(commandKey: string): Promise<void> {
    const transfer = this.state.queuedTransfers.find((queued) => queued.commandKey === commandKey);
    if (!transfer || transfer.state !== 1) return; // cancelled meanwhile
    this.state = startTransfer(this.state, commandKey);
    const startTime = new Date().toISOString();
    const end =
      transfer.kind === 'Upload'
        ? await this.upload(transfer)
        : await performDownload(transfer, this.downloadContext());
    if (this.stopped) return;
    if (end.kind === 'forget') {
      this.state = forgetTransfer(this.state, commandKey);
      return;
    }
    this.state = completeTransfer(this.state, commandKey, {
      ...end.result,
      startTime,
      completeTime: new Date().toISOString(),
    });
    if (rebootsAfter(transfer, end.result.fault)) {
      // Installed: the device restarts, and its next session is the one after the boot.
      this.periodicTimer?.cancel();
      this.later(this.host.rebootDelayMs, () => this.requestSession());
    } else if (this.state.pendingEvents.length > 0) this.requestSession();
  }

  private downloadContext(): DownloadContext {
    const paths = this.state.profile.paths;
    const text = (path: string): string => String(readParameter(this.state, path)?.value ?? '');
    return {
      serial: this.serial,
      productClass: text(paths.productClass),
      hardwareVersion: text(paths.hardwareVersion),
      failures: this.host.firmwareFailures ?? NO_ITEMS,
      emptyCommandKey: this.quirks.emptyTransferCommandKey,
      timeoutMs: this.host.requestTimeoutMs,
      ...(this.host.tls ? { tls: this.host.tls } : {}),
    };
  }

  /** PUTs a configuration backup (`1`/`3 Vendor Configuration File`) or a log file. */
  private async upload(transfer: QueuedTransfer): Promise<DownloadEnd> {
    const now = new Date();
    const configuration = transfer.fileType.startsWith('1 ') || transfer.fileType.startsWith('3 ');
    const content = configuration ? configurationFile(this.state, now) : logFile(this.state, now);
    const fault = await putFile(transfer, content, this.host.requestTimeoutMs, this.host.tls);
    const report = this.quirks.emptyTransferCommandKey ? 'empty-command-key' : 'normal';
    return { kind: 'report', result: { fault, report } };
  }

  private async changeDuState(request: ChangeDUState): Promise<void> {
    const fetched = new Set<string>();
    for (const operation of request.operations) {
      if (operation.operation !== 'Install') continue;
      const { fault } = await fetchFile(
        {
          url: operation.url,
          username: operation.username ?? '',
          password: operation.password ?? '',
          fileSize: 0,
        },
        { timeoutMs: this.host.requestTimeoutMs, ...(this.host.tls ? { tls: this.host.tls } : {}) },
      );
      if (fault.faultCode === 0) fetched.add(operation.url);
    }
    if (this.stopped) return;
    const now = new Date().toISOString();
    const { results, units } = applyDuOperations(
      this.state,
      request,
      (url) => fetched.has(url),
      now,
    );
    this.state = completeDuChange(this.state, request, results, units);
    this.requestSession();
  }
}

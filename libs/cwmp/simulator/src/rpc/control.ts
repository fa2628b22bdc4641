import type { FactoryReset, GetRPCMethods, Reboot, ScheduleInform } from '@acs/cwmp-codec';
import { ACS_REQUEST_TYPES } from '@acs/cwmp-codec';
import { createDeviceState, DeviceState, withEvent } from '../model/device-state';
import { firmwareValues } from '../firmware/banks';
import { answer, fault, RpcOutcome } from './outcome';

/** Reboot after the session: the next session carries `1 BOOT` and `M Reboot` with the key. */
export function reboot(state: DeviceState, request: Reboot): RpcOutcome {
  const next = withEvent(withEvent(state, '1 BOOT'), 'M Reboot', request.commandKey);
  return answer(next, { type: 'RebootResponse' }, [{ kind: 'reboot' }]);
}

/**
 * FactoryReset: the tree goes back to the profile's defaults (and the values the device was built
 * with), queued work and owed reports are dropped, and the next session is a `0 BOOTSTRAP`. The
 * firmware stays what it was (a reset erases the configuration, not the flash).
 */
export function factoryReset(state: DeviceState, _request: FactoryReset): RpcOutcome {
  const fresh = createDeviceState(state.profile, state.serial, state.ordinal, state.factoryValues);
  const firmware = firmwareValues(state);
  const values = firmware.length === 0 ? fresh.values : new Map([...fresh.values, ...firmware]);
  return answer({ ...fresh, values }, { type: 'FactoryResetResponse' }, [{ kind: 'reboot' }]);
}

export function scheduleInform(state: DeviceState, request: ScheduleInform): RpcOutcome {
  if (request.delaySeconds <= 0) return fault(state, 9003, 'DelaySeconds must be positive');
  return answer(state, { type: 'ScheduleInformResponse' }, [
    { kind: 'scheduleInform', delaySeconds: request.delaySeconds, commandKey: request.commandKey },
  ]);
}

export function getRpcMethods(state: DeviceState, _request: GetRPCMethods): RpcOutcome {
  return answer(state, { type: 'GetRPCMethodsResponse', methods: [...ACS_REQUEST_TYPES] });
}

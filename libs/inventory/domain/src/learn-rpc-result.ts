import type {
  DeviceLifecycleEvent,
  DeviceUpdate,
  NewDeviceFault,
  ParameterChange,
  RpcResult,
} from '@acs/contracts';
import type { Fault, ParameterValue } from '@acs/cwmp-codec';
import { subtreeRoots } from './data-model';
import { lifecycleBase } from './lifecycle';
import { changedConnectionRequest, managementServerFacts } from './management-server';
import { onlineUntil, type OnlinePolicy } from './online-policy';
import {
  learnAttributes,
  learnNames,
  learnSetAttributes,
  learnValues,
  vanishedAfterNames,
} from './parameters';
import type { KnownDevice, Learned } from './model';

/**
 * What the answer to an ACS RPC teaches. GetParameterNames, GetParameterValues and
 * GetParameterAttributes answers carry everything needed. SetParameterValues,
 * SetParameterAttributes, AddObject and DeleteObject answers do not say what was set, added or deleted: that is in the request the event
 * carries (`RpcResult.request`, which the gateway sets), used when it is the one answered.
 * Without it those answers are recorded as events only, and the device's next Inform or a
 * refresh teaches the values; nothing is guessed.
 *
 * A CPE fault becomes a device fault. An answer for a device the store does not know (deleted
 * by an operator mid-session) is dropped: its next Inform registers it again.
 */
export function learnFromRpcResult(
  event: RpcResult,
  known: KnownDevice | null,
  policy: OnlinePolicy,
): Learned {
  if (!known) return { update: null, lifecycle: [] };
  const at = event.occurredAt;
  const detail: Record<string, unknown> = {
    sessionId: event.sessionId,
    rpcId: event.rpcId,
    method: event.method,
    outcome: event.result.kind,
  };
  const update: DeviceUpdate = {
    eventId: event.eventId,
    deviceId: event.deviceId,
    occurredAt: at,
    addEvents: [
      {
        eventId: event.eventId,
        deviceId: event.deviceId,
        occurredAt: at,
        kind: 'rpc-result',
        detail,
      },
    ],
  };
  if (event.result.kind === 'fault') {
    detail['faultCode'] = event.result.fault.faultCode;
    update.addFaults = [faultOfCpe(event, event.result.fault)];
    return { update, lifecycle: [] };
  }

  const { request } = event;
  const response = event.result.response;
  const asked =
    request && request.type === event.method && response.type === `${request.type}Response`
      ? request
      : undefined;
  detail['requestKnown'] = asked !== undefined;
  let changes: ParameterChange[] = [];
  const learnedValues = (values: readonly ParameterValue[], origin: 'fromCpe' | 'setByAcs') => {
    const learned = learnValues(values, at, known, false);
    update.setParameters = learned.set;
    changes = learned.changes;
    applyManagementServer(update, known, values, origin, policy);
  };

  switch (response.type) {
    case 'GetParameterNamesResponse': {
      update.setParameters = learnNames(response.parameters, at, known);
      if (asked?.type === 'GetParameterNames') {
        const vanished = vanishedAfterNames(known, asked, response.parameters);
        if (vanished.length > 0) update.deleteSubtrees = subtreeRoots(vanished);
      }
      break;
    }
    case 'GetParameterValuesResponse':
      learnedValues(response.parameters, 'fromCpe');
      break;
    case 'GetParameterAttributesResponse':
      update.setParameters = learnAttributes(response.parameters, at);
      break;
    case 'SetParameterValuesResponse':
      detail['status'] = response.status;
      if (asked?.type === 'SetParameterValues') learnedValues(asked.parameters, 'setByAcs');
      break;
    case 'SetParameterAttributesResponse':
      if (asked?.type === 'SetParameterAttributes')
        update.setParameters = learnSetAttributes(asked.parameters, at, known);
      break;
    case 'AddObjectResponse':
      detail['status'] = response.status;
      detail['instanceNumber'] = response.instanceNumber;
      if (asked?.type === 'AddObject')
        update.setParameters = [
          { path: `${asked.objectName}${response.instanceNumber}.`, object: true },
        ];
      break;
    case 'DeleteObjectResponse':
      detail['status'] = response.status;
      if (asked?.type === 'DeleteObject') update.deleteSubtrees = [asked.objectName];
      break;
    default:
      // Reboot, FactoryReset, Download and the rest change nothing inventory keeps until the
      // device informs again (1 BOOT, 0 BOOTSTRAP, TransferComplete).
      break;
  }
  const lifecycle: DeviceLifecycleEvent[] =
    changes.length > 0
      ? [
          {
            ...lifecycleBase(event, 'DeviceParametersChanged'),
            type: 'DeviceParametersChanged',
            changes,
          },
        ]
      : [];
  return { update, lifecycle };
}

/** PeriodicInformInterval and connection-request details learned outside an Inform. */
function applyManagementServer(
  update: DeviceUpdate,
  known: KnownDevice,
  values: readonly ParameterValue[],
  origin: 'fromCpe' | 'setByAcs',
  policy: OnlinePolicy,
): void {
  const facts = managementServerFacts(
    values.map((v) => ({ path: v.name, value: v.value })),
    known.dataModelRoot,
    origin,
  );
  const connectionRequest = changedConnectionRequest(
    known.connectionRequest,
    facts.connectionRequest,
  );
  const interval = facts.periodicInformInterval;
  const intervalChanged = interval !== undefined && interval !== known.periodicInformInterval;
  if (!connectionRequest && !intervalChanged) return;
  update.upsert = {};
  if (connectionRequest) update.upsert.connectionRequest = connectionRequest;
  if (intervalChanged) {
    update.upsert.periodicInformInterval = interval;
    // The online deadline follows the interval the device now promises.
    if (known.online) update.upsert.onlineUntil = onlineUntil(known.lastInform, interval, policy);
  }
}

function faultOfCpe(event: RpcResult, fault: Fault): NewDeviceFault {
  const perParameter = fault.setParameterValuesFaults.map((f) =>
    `${f.parameterName}: ${f.faultCode} ${f.faultString}`.trim(),
  );
  const message = [fault.faultString || `CWMP fault ${fault.faultCode}`, ...perParameter].join(
    '; ',
  );
  return {
    faultId: `${event.eventId}:fault`,
    deviceId: event.deviceId,
    code: String(fault.faultCode),
    message,
    source: event.method,
    occurredAt: event.occurredAt,
  };
}

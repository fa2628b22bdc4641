import { StructReader } from '../xml/reader';
import { booleanElement, dateTimeElement, element, unsignedElement } from '../xml/writer';
import { EncodeOptions } from '../options';
import { emptyMessageCodec, MessageCodec } from './message-codec';

export type DeploymentUnitState = 'Installed' | 'Uninstalled' | 'Failed' | string;

export interface DeploymentUnitFault {
  faultCode: number;
  faultString: string;
}

/** OpResultStruct: the outcome of one deployment-unit operation. */
export interface OpResult {
  uuid: string;
  deploymentUnitRef: string;
  version: string;
  currentState: DeploymentUnitState;
  resolved: boolean;
  executionUnitRefList: string;
  startTime: string | null;
  completeTime: string | null;
  fault: DeploymentUnitFault;
}

export interface AutonomousOpResult extends OpResult {
  /** Install, Update or Uninstall. */
  operationPerformed: string;
}

export interface DUStateChangeComplete {
  type: 'DUStateChangeComplete';
  results: OpResult[];
  commandKey: string;
}

export interface DUStateChangeCompleteResponse {
  type: 'DUStateChangeCompleteResponse';
}

export interface AutonomousDUStateChangeComplete {
  type: 'AutonomousDUStateChangeComplete';
  results: AutonomousOpResult[];
}

export interface AutonomousDUStateChangeCompleteResponse {
  type: 'AutonomousDUStateChangeCompleteResponse';
}

/**
 * The OpResultStructs of a message. The schema repeats `Results`, one OpResultStruct each; common
 * CPE stacks (icwmp, and others modelled on TR-069's `OpResultStruct[1:16]` array notation) write
 * one `Results` holding `<OpResultStruct>` items instead. Both read the same.
 */
function resultStructs(method: StructReader): StructReader[] {
  return method
    .repeated('Results')
    .flatMap((results) =>
      results.has('UUID')
        ? [results]
        : results.node.children.map(
            (item, index) => new StructReader(item, `${results.path}/${item.name}[${index}]`),
          ),
    );
}

function readOpResult(result: StructReader): OpResult {
  // icwmp names the fault `FaultStruct`, as in TransferComplete; the schema calls it `Fault`.
  const fault = result.optionalChild('Fault') ?? result.optionalChild('FaultStruct');
  return {
    uuid: result.string('UUID'),
    deploymentUnitRef: result.optionalString('DeploymentUnitRef'),
    version: result.optionalString('Version'),
    currentState: result.string('CurrentState').trim(),
    resolved: result.has('Resolved') ? result.boolean('Resolved') : false,
    executionUnitRefList: result.optionalString('ExecutionUnitRefList'),
    startTime: result.optionalDateTime('StartTime'),
    completeTime: result.optionalDateTime('CompleteTime'),
    fault: {
      faultCode: fault?.optionalInt('FaultCode') ?? 0,
      faultString: fault?.optionalString('FaultString') ?? '',
    },
  };
}

function writeOpResult(result: OpResult, options: EncodeOptions, extra = ''): string {
  return (
    element('UUID', result.uuid) +
    element('DeploymentUnitRef', result.deploymentUnitRef) +
    element('Version', result.version) +
    element('CurrentState', result.currentState) +
    booleanElement('Resolved', result.resolved, options) +
    element('ExecutionUnitRefList', result.executionUnitRefList) +
    dateTimeElement('StartTime', result.startTime, options) +
    dateTimeElement('CompleteTime', result.completeTime, options) +
    `<Fault>${unsignedElement('FaultCode', result.fault.faultCode)}${element('FaultString', result.fault.faultString)}</Fault>` +
    extra
  );
}

export const duStateChangeCompleteCodec: MessageCodec<DUStateChangeComplete> = {
  type: 'DUStateChangeComplete',
  decode: (method) => ({
    type: 'DUStateChangeComplete',
    results: resultStructs(method).map(readOpResult),
    commandKey: method.optionalString('CommandKey'),
  }),
  encode: (message, options) =>
    message.results
      .map((result) => `<Results>${writeOpResult(result, options)}</Results>`)
      .join('') + element('CommandKey', message.commandKey),
};

export const autonomousDuStateChangeCompleteCodec: MessageCodec<AutonomousDUStateChangeComplete> = {
  type: 'AutonomousDUStateChangeComplete',
  decode: (method) => ({
    type: 'AutonomousDUStateChangeComplete',
    results: resultStructs(method).map((result) => ({
      ...readOpResult(result),
      operationPerformed: result.string('OperationPerformed').trim(),
    })),
  }),
  encode: (message, options) =>
    message.results
      .map(
        (result) =>
          `<Results>${writeOpResult(result, options, element('OperationPerformed', result.operationPerformed))}</Results>`,
      )
      .join(''),
};

export const duStateChangeCompleteResponseCodec = emptyMessageCodec(
  'DUStateChangeCompleteResponse',
);
export const autonomousDuStateChangeCompleteResponseCodec = emptyMessageCodec(
  'AutonomousDUStateChangeCompleteResponse',
);

import type { CwmpMessage } from '../messages/registry';
import { isKnownEventCode } from '../messages/event-codes';

/**
 * Semantic checks, kept apart from decoding: a decoded message is well-formed, these say whether
 * it makes sense. Callers decide what a problem costs (the gateway refuses an Inform it cannot
 * identify a device from; most other problems are logged and the message is still used).
 */
export interface SemanticProblem {
  /** Field path inside the message, e.g. `deviceId.serialNumber` or `parameters[3].name`. */
  field: string;
  problem: string;
  /** `error`: the message cannot be acted on; `warning`: it can, but something is off. */
  severity: 'error' | 'warning';
}

type Check<M> = (message: M, problems: SemanticProblem[]) => void;
type Checks = { [T in CwmpMessage['type']]?: Check<Extract<CwmpMessage, { type: T }>> };

const error = (field: string, problem: string): SemanticProblem => ({
  field,
  problem,
  severity: 'error',
});
const warning = (field: string, problem: string): SemanticProblem => ({
  field,
  problem,
  severity: 'warning',
});

function checkStatus(status: number, problems: SemanticProblem[]): void {
  if (status !== 0 && status !== 1)
    problems.push(error('status', `Status must be 0 or 1, got ${status}`));
}

function checkNames(names: readonly string[], field: string, problems: SemanticProblem[]): void {
  names.forEach((name, index) => {
    if (name.trim() === '' && field !== 'parameterNames')
      problems.push(error(`${field}[${index}]`, 'empty parameter name'));
  });
}

const CHECKS: Checks = {
  Inform(inform, problems) {
    if (inform.deviceId.oui === '')
      problems.push(error('deviceId.oui', 'empty OUI: the device cannot be identified'));
    if (inform.deviceId.serialNumber === '') {
      problems.push(
        error('deviceId.serialNumber', 'empty SerialNumber: the device cannot be identified'),
      );
    }
    if (!/^[0-9A-Fa-f]{6}$/.test(inform.deviceId.oui) && inform.deviceId.oui !== '') {
      problems.push(
        warning('deviceId.oui', `OUI "${inform.deviceId.oui}" is not six hexadecimal digits`),
      );
    }
    inform.events.forEach((event, index) => {
      if (!isKnownEventCode(event.eventCode)) {
        problems.push(
          warning(`events[${index}].eventCode`, `unknown event code "${event.eventCode}"`),
        );
      }
    });
    checkNames(
      inform.parameters.map((parameter) => parameter.name),
      'parameters',
      problems,
    );
  },
  SetParameterValues(message, problems) {
    checkNames(
      message.parameters.map((parameter) => parameter.name),
      'parameters',
      problems,
    );
    const seen = new Set<string>();
    message.parameters.forEach((parameter, index) => {
      if (seen.has(parameter.name))
        problems.push(
          error(
            `parameters[${index}].name`,
            `${parameter.name} is set twice (fault 9003 on most CPEs)`,
          ),
        );
      seen.add(parameter.name);
    });
    if (message.parameterKey.length > 32)
      problems.push(error('parameterKey', 'ParameterKey is longer than 32 characters'));
  },
  SetParameterValuesResponse: (message, problems) => checkStatus(message.status, problems),
  AddObjectResponse(message, problems) {
    checkStatus(message.status, problems);
    if (message.instanceNumber < 1)
      problems.push(
        error(
          'instanceNumber',
          `instance number must be at least 1, got ${message.instanceNumber}`,
        ),
      );
  },
  AddObject(message, problems) {
    if (!message.objectName.endsWith('.'))
      problems.push(error('objectName', 'an object path must end with a dot'));
  },
  DeleteObject(message, problems) {
    if (!/\.\d+\.$/.test(message.objectName))
      problems.push(error('objectName', 'DeleteObject takes an instance path such as X.Y.3.'));
  },
  DeleteObjectResponse: (message, problems) => checkStatus(message.status, problems),
  DownloadResponse: (message, problems) => checkStatus(message.status, problems),
  UploadResponse: (message, problems) => checkStatus(message.status, problems),
  GetParameterAttributesResponse(message, problems) {
    message.parameters.forEach((parameter, index) => {
      if (parameter.notification < 0 || parameter.notification > 6) {
        problems.push(
          warning(
            `parameters[${index}].notification`,
            `notification ${parameter.notification} is outside 0-6`,
          ),
        );
      }
    });
  },
  SetParameterAttributes(message, problems) {
    message.parameters.forEach((parameter, index) => {
      if (parameter.notification < 0 || parameter.notification > 6) {
        problems.push(
          error(
            `parameters[${index}].notification`,
            `notification ${parameter.notification} is outside 0-6`,
          ),
        );
      }
    });
  },
  ScheduleDownload(message, problems) {
    if (message.timeWindows.length < 1 || message.timeWindows.length > 2) {
      problems.push(
        error(
          'timeWindows',
          `one or two time windows are required, got ${message.timeWindows.length}`,
        ),
      );
    }
    message.timeWindows.forEach((window, index) => {
      if (window.windowEnd < window.windowStart)
        problems.push(error(`timeWindows[${index}]`, 'WindowEnd is before WindowStart'));
    });
  },
  ChangeDUState(message, problems) {
    if (message.operations.length === 0)
      problems.push(error('operations', 'at least one operation is required'));
  },
  TransferComplete(message, problems) {
    const code = message.fault.faultCode;
    if (code !== 0 && (code < 9000 || code > 9899))
      problems.push(warning('fault.faultCode', `transfer fault code ${code} is outside 9000-9899`));
  },
  Fault(message, problems) {
    if (message.faultCode === 0)
      problems.push(warning('faultCode', 'SOAP fault without a CWMP Fault detail'));
  },
};

export function checkMessage(message: CwmpMessage): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const check = CHECKS[message.type] as Check<CwmpMessage> | undefined;
  check?.(message, problems);
  return problems;
}

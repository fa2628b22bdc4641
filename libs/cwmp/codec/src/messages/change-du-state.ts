import { DecodeError } from '../errors';
import { attribute } from '../xml/node';
import { StructReader } from '../xml/reader';
import { element } from '../xml/writer';
import { emptyMessageCodec, MessageCodec } from './message-codec';

export interface InstallOperation {
  operation: 'Install';
  url: string;
  uuid?: string;
  username?: string;
  password?: string;
  executionEnvRef?: string;
}

export interface UpdateOperation {
  operation: 'Update';
  uuid?: string;
  version?: string;
  url?: string;
  username?: string;
  password?: string;
}

export interface UninstallOperation {
  operation: 'Uninstall';
  uuid: string;
  version?: string;
  executionEnvRef?: string;
}

export type DeploymentUnitOperation = InstallOperation | UpdateOperation | UninstallOperation;

export interface ChangeDUState {
  type: 'ChangeDUState';
  operations: DeploymentUnitOperation[];
  commandKey: string;
}

export interface ChangeDUStateResponse {
  type: 'ChangeDUStateResponse';
}

/** Element order of each operation struct, as the schema's sequences give it. */
const FIELDS = {
  Install: [
    ['URL', 'url'],
    ['UUID', 'uuid'],
    ['Username', 'username'],
    ['Password', 'password'],
    ['ExecutionEnvRef', 'executionEnvRef'],
  ],
  Update: [
    ['UUID', 'uuid'],
    ['Version', 'version'],
    ['URL', 'url'],
    ['Username', 'username'],
    ['Password', 'password'],
  ],
  Uninstall: [
    ['UUID', 'uuid'],
    ['Version', 'version'],
    ['ExecutionEnvRef', 'executionEnvRef'],
  ],
} as const;

type OperationName = keyof typeof FIELDS;

/** The operation kind travels in xsi:type (`cwmp:InstallOpStruct`) of the abstract OperationStruct. */
function operationKind(struct: StructReader): OperationName {
  const type = attribute(struct.node, 'type') ?? '';
  const local = type.slice(type.indexOf(':') + 1);
  const name = local.replace(/OpStruct$/, '');
  if (name === 'Install' || name === 'Update' || name === 'Uninstall') return name;
  throw new DecodeError(
    'INVALID_VALUE',
    `expected xsi:type InstallOpStruct, UpdateOpStruct or UninstallOpStruct, got "${type}"`,
    {
      path: struct.path,
    },
  );
}

function readOperation(struct: StructReader): DeploymentUnitOperation {
  const kind = operationKind(struct);
  const fields: Record<string, string> = {};
  for (const [element, key] of FIELDS[kind]) {
    if (struct.has(element)) fields[key] = struct.string(element);
  }
  if (kind === 'Install' && fields['url'] === undefined) throw struct.missing('URL');
  if (kind === 'Uninstall' && fields['uuid'] === undefined) throw struct.missing('UUID');
  return { operation: kind, ...fields } as DeploymentUnitOperation;
}

function writeOperation(operation: DeploymentUnitOperation): string {
  const values = operation as unknown as Record<string, string | undefined>;
  const children = FIELDS[operation.operation]
    .map(([name, key]) => (values[key] === undefined ? '' : element(name, values[key] as string)))
    .join('');
  return `<Operations xsi:type="cwmp:${operation.operation}OpStruct">${children}</Operations>`;
}

export const changeDuStateCodec: MessageCodec<ChangeDUState> = {
  type: 'ChangeDUState',
  decode: (method) => ({
    type: 'ChangeDUState',
    operations: method.repeated('Operations').map(readOperation),
    commandKey: method.optionalString('CommandKey'),
  }),
  encode: (message) =>
    message.operations.map(writeOperation).join('') + element('CommandKey', message.commandKey),
};

export const changeDuStateResponseCodec = emptyMessageCodec('ChangeDUStateResponse');

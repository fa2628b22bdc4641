import type { Task } from '@acs/contracts';
import type { ConfigurationPreview } from '@acs/provisioning-use-cases';
import type { ProjectedDevice, StoredParameter } from '@acs/device-store';
import { SECRET_MASK, SecretKeyring, SecretParameters } from '@acs/secrets';

/** The data model's secret parameters; the operator's own are recognised by their sealed value. */
export const DATA_MODEL_SECRETS = new SecretParameters();

/**
 * What the API shows of stored things. Secrets the platform needs but operators do not see:
 * the device's connection-request password, and the file-server password of transfer and
 * deployment-unit tasks. Secret parameter values (sealed by inventory, or a data-model secret
 * stored before sealing began) are shown as a mask with `secret: true`, to every role: only the
 * reveal route, for a role allowed to, gives one value, and audits it.
 */
export function deviceView<D extends ProjectedDevice>(device: D): D {
  const parameters = device.parameters && maskedParameters(device.parameters);
  const shown = parameters ? { ...device, parameters } : device;
  if (!shown.connectionRequest) return shown;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { password, ...connectionRequest } = shown.connectionRequest;
  return { ...shown, connectionRequest };
}

/** Whether the operator API treats a stored parameter as secret. */
export function isSecretParameter(parameter: Pick<StoredParameter, 'path' | 'value'>): boolean {
  return SecretKeyring.isSealed(parameter.value) || DATA_MODEL_SECRETS.isSecret(parameter.path);
}

/** A filter or sort that names a secret parameter, which would tell its value by what it matches. */
export function namesSecretParameter(fields: Iterable<string>): string | undefined {
  for (const field of fields) {
    if (!field.startsWith('parameters.')) continue;
    const path = field.slice('parameters.'.length);
    if (DATA_MODEL_SECRETS.isSecret(path)) return path;
  }
  return undefined;
}

function maskedParameters(
  parameters: Record<string, StoredParameter>,
): Record<string, StoredParameter> | undefined {
  let masked: Record<string, StoredParameter> | undefined;
  for (const [path, parameter] of Object.entries(parameters)) {
    if (!isSecretParameter(parameter)) continue;
    masked ??= { ...parameters };
    const shown: StoredParameter = { ...parameter, secret: true };
    if (parameter.value !== undefined) shown.value = SECRET_MASK;
    masked[path] = shown;
  }
  return masked;
}

/**
 * A configuration preview, planned from the device's opened secret values (so a passphrase
 * already set is not planned again), shows the device's current secret values as the mask.
 */
export function previewView(preview: ConfigurationPreview): ConfigurationPreview {
  const parameters = preview.parameters.map((parameter) =>
    parameter.current !== undefined &&
    isSecretParameter({ path: parameter.path, value: parameter.current })
      ? { ...parameter, current: SECRET_MASK }
      : parameter,
  );
  return { ...preview, parameters };
}

export function taskView(task: Task): Task {
  switch (task.type) {
    case 'download':
      return { ...task, payload: withoutPassword(task.payload) };
    case 'scheduleDownload':
      return { ...task, payload: withoutPassword(task.payload) };
    case 'upload':
      return { ...task, payload: withoutPassword(task.payload) };
    case 'changeDuState': {
      const operations = task.payload.operations.map((operation) => {
        if (!('password' in operation)) return operation;
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        const { password, ...shown } = operation;
        return shown;
      });
      return { ...task, payload: { ...task.payload, operations } };
    }
    default:
      return task;
  }
}

function withoutPassword<P extends { credentials?: { username: string; password?: string } }>(
  payload: P,
): P {
  const credentials = payload.credentials;
  return credentials ? { ...payload, credentials: { username: credentials.username } } : payload;
}

import {
  DEFAULT_TASK_LIFETIME_SECONDS,
  DIAGNOSTIC_INPUT_SCHEMAS,
  validatorFor,
  type DataModelRoot,
  type DiagnosticRequest,
  type DiagnosticRun,
  type DiagnosticRunState,
  type DiagnosticType,
  type NewTask,
  type Task,
} from '@acs/contracts';
import type { TaskStore } from '@acs/provisioning-data-access';
import {
  deviceHasDiagnostic,
  diagnosticCancelValues,
  diagnosticDefinition,
  diagnosticInputProblems,
} from '@acs/provisioning-domain';
import type { CreatedTask, CreateTask } from './create-task';
import {
  DeviceNotFoundError,
  DiagnosticInputsRefusedError,
  DiagnosticRunNotFoundError,
  DiagnosticUnsupportedError,
} from './errors';
import type { DeviceLookup } from './ports';

const ROOTS: readonly DataModelRoot[] = ['Device.', 'InternetGatewayDevice.'];
const inputValidators = Object.fromEntries(
  Object.entries(DIAGNOSTIC_INPUT_SCHEMAS).map(([type, schema]) => [type, validatorFor(schema)]),
) as Record<DiagnosticType, (value: unknown) => { ok: boolean; errors?: string[] }>;

export interface RequestDiagnosticInput {
  deviceId: string;
  diagnostic: DiagnosticType;
  inputs: unknown;
  connectionRequest?: boolean;
  expiresInSeconds?: number;
}

/**
 * Queues a diagnostic run (a task of type `diagnostic`) for a device that can run it: the inputs
 * are checked against the schema and the device's data model (DiagnosticInputsRefusedError), the
 * device's stored tree must have the diagnostic (DiagnosticUnsupportedError). The run then goes
 * as tasks do, woken with a connection request when asked (CreateTask).
 */
export class RequestDiagnostic {
  constructor(
    private readonly ports: { devices: DeviceLookup; createTask: Pick<CreateTask, 'execute'> },
  ) {}

  async execute(input: RequestDiagnosticInput): Promise<CreatedTask> {
    const { deviceId, diagnostic } = input;
    const checked = inputValidators[diagnostic](input.inputs);
    if (!checked.ok) {
      throw new DiagnosticInputsRefusedError(
        (checked.errors ?? []).map((error) => `/inputs${error === '/' ? '' : error}`),
      );
    }
    const page = await this.ports.devices.find({
      filter: { deviceId },
      projection: ['dataModelRoot', ...projectionOf(diagnostic)],
      limit: 1,
    });
    const device = page.devices[0];
    if (!device) throw new DeviceNotFoundError([deviceId]);
    const root = device.dataModelRoot ?? null;
    if (!root || !deviceHasDiagnostic(diagnostic, root, device.parameters ?? {})) {
      throw new DiagnosticUnsupportedError(deviceId, diagnostic);
    }
    const request = { type: diagnostic, inputs: input.inputs } as DiagnosticRequest;
    const problems = diagnosticInputProblems(request, root);
    if (problems.length > 0) throw new DiagnosticInputsRefusedError(problems);
    const task = {
      type: 'diagnostic',
      payload: { diagnostic, dataModel: root, inputs: request.inputs },
      connectionRequest: input.connectionRequest ?? false,
      expiresInSeconds: input.expiresInSeconds ?? DEFAULT_TASK_LIFETIME_SECONDS,
    } as NewTask; // payload checked above against the diagnostic's own schema.
    return this.ports.createTask.execute({ deviceId, task });
  }
}

/** What capability discovery reads: the diagnostic's object and `*Supported` parameters. */
function projectionOf(diagnostic: DiagnosticType): string[] {
  return ROOTS.flatMap((root) => {
    const definition = diagnosticDefinition(diagnostic, root);
    if (!definition) return [];
    return [definition.object, ...definition.supportedBy].map((path) => `parameters.${path}`);
  });
}

/** A device's diagnostic runs, newest first, or one of them. */
export class DiagnosticRuns {
  constructor(private readonly tasks: Pick<TaskStore, 'get' | 'list'>) {}

  async list(deviceId: string, limit = 100): Promise<Task[]> {
    const { tasks } = await this.tasks.list({ deviceId, limit: 1000 });
    return tasks
      .filter((task) => task.type === 'diagnostic')
      .reverse()
      .slice(0, limit);
  }

  async get(deviceId: string, runId: string): Promise<Task> {
    const task = await this.tasks.get(runId);
    if (!task || task.deviceId !== deviceId || task.type !== 'diagnostic') {
      throw new DiagnosticRunNotFoundError(deviceId, runId);
    }
    return task;
  }
}

/**
 * Cancels a run: a queued one is dropped; one the device is running is cancelled on the device
 * (DiagnosticsState=Canceled, queued as a task for its next session) where the model has that
 * state (TR-181), otherwise only dropped: its report, if it comes, finds the run cancelled. A run
 * already ended stays as it ended.
 */
export class CancelDiagnostic {
  constructor(
    private readonly ports: { tasks: Pick<TaskStore, 'get' | 'list' | 'update' | 'create'> },
  ) {}

  async execute(deviceId: string, runId: string): Promise<Task> {
    const run = await new DiagnosticRuns(this.ports.tasks).get(deviceId, runId);
    if (run.type !== 'diagnostic' || (run.status !== 'pending' && run.status !== 'running'))
      return run;
    const fault = { code: 'canceled', message: 'cancelled by an operator' };
    const outcome = await this.ports.tasks.update(run.id, { status: 'cancelled', fault }, [
      'pending',
      'running',
    ]);
    if (outcome.outcome !== 'updated') return outcome.outcome === 'conflict' ? outcome.task : run;
    const values =
      run.status === 'running'
        ? diagnosticCancelValues(run.payload.diagnostic, run.payload.dataModel)
        : null;
    if (values) {
      await this.ports.tasks.create({
        deviceId,
        type: 'setParameterValues',
        payload: { values: values.map(({ name, value, type }) => ({ name, value, type })) },
        connectionRequest: false,
        expiresInSeconds: 3600,
      });
    }
    return outcome.task;
  }
}

const FINISHED_STATES: readonly DiagnosticRunState[] = [
  'complete',
  'error',
  'timed-out',
  'canceled',
  'failed',
  'expired',
];

/** Whether a run has ended (what `?wait` waits for). */
export function diagnosticRunFinished(run: DiagnosticRun): boolean {
  return FINISHED_STATES.includes(run.state);
}

/** A run as the API and commands show it, from its task. */
export function diagnosticRunOf(task: Task): DiagnosticRun {
  if (task.type !== 'diagnostic') throw new RangeError(`task ${task.id} is not a diagnostic run`);
  const phase = task.result?.['phase'];
  const outcome = task.result?.['outcome'];
  const result =
    task.status === 'done' && (outcome === 'complete' || outcome === 'error')
      ? { result: pickResult(task.result ?? {}) }
      : {};
  return {
    runId: task.id,
    deviceId: task.deviceId,
    diagnostic: task.payload.diagnostic,
    state: stateOf(task.status, phase, outcome, task.fault?.code),
    inputs: { ...task.payload.inputs },
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
    ...result,
    ...(task.fault && task.status !== 'done'
      ? { fault: { code: task.fault.code, message: task.fault.message } }
      : {}),
  };
}

function stateOf(
  status: Task['status'],
  phase: unknown,
  outcome: unknown,
  faultCode: string | undefined,
): DiagnosticRunState {
  switch (status) {
    case 'pending':
      return phase === 'collect' ? 'collecting' : 'queued';
    case 'running':
      if (phase === 'collect') return 'collecting';
      return phase === 'requested' ? 'running' : 'requesting';
    case 'done':
      return outcome === 'error' ? 'error' : 'complete';
    case 'failed':
      return faultCode === 'timed-out' ? 'timed-out' : 'failed';
    case 'cancelled':
      return 'canceled';
    case 'expired':
      return 'expired';
  }
}

function pickResult(stored: Record<string, unknown>): NonNullable<DiagnosticRun['result']> {
  return stored['outcome'] === 'error'
    ? { outcome: 'error', code: String(stored['code']) }
    : {
        outcome: 'complete',
        measurements: { ...(stored['measurements'] as Record<string, unknown>) },
      };
}

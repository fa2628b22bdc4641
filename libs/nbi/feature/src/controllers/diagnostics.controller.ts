import type { ServerResponse } from 'http';
import {
  CancelDiagnostic,
  DiagnosticRuns,
  diagnosticRunOf,
  RequestDiagnostic,
} from '@acs/provisioning-use-cases';
import { Endpoint, EndpointAnswer, ReplyAnswer } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import { WaitForTask } from '../use-cases/task-use-cases';
import { NbiController } from './nbi-controller.decorator';

/** TR-143 diagnostics: a run is a task of type `diagnostic`, shown as a run (diagnosticRunOf). */
@NbiController()
export class DiagnosticsController {
  constructor(
    private readonly requestDiagnostic: RequestDiagnostic,
    private readonly runs: DiagnosticRuns,
    private readonly cancelDiagnostic: CancelDiagnostic,
    private readonly waitForTask: WaitForTask,
  ) {}

  @Endpoint(ROUTES.runDiagnostic)
  async run(
    @Input() input: InputOf<typeof ROUTES.runDiagnostic>,
    @ReplyAnswer() response: ServerResponse,
  ): Promise<EndpointAnswer> {
    const { body, params } = input;
    const created = await this.requestDiagnostic.execute({
      deviceId: params.deviceId,
      diagnostic: params.diagnostic,
      inputs: body.inputs,
      ...(body.connectionRequest === undefined
        ? {}
        : { connectionRequest: body.connectionRequest }),
      ...(body.expiresInSeconds === undefined ? {} : { expiresInSeconds: body.expiresInSeconds }),
    });
    const woken = created.connectionRequest;
    const headers: Record<string, string> = woken ? { 'connection-request': woken.outcome } : {};
    if (input.query.wait === undefined) {
      return new EndpointAnswer(201, diagnosticRunOf(created.task), headers);
    }
    // A client that gives up stops the wait (its answer could go nowhere).
    const gone = new AbortController();
    response.once('close', () => gone.abort());
    const waited = await this.waitForTask.execute(
      created.task.id,
      input.query.wait * 1000,
      gone.signal,
    );
    return new EndpointAnswer(waited.finished ? 200 : 202, diagnosticRunOf(waited.task), headers);
  }

  @Endpoint(ROUTES.listDiagnosticRuns)
  async list(@Input() input: InputOf<typeof ROUTES.listDiagnosticRuns>) {
    const runs = await this.runs.list(input.params.deviceId);
    return { runs: runs.map(diagnosticRunOf) };
  }

  @Endpoint(ROUTES.getDiagnosticRun)
  async get(@Input() input: InputOf<typeof ROUTES.getDiagnosticRun>) {
    return diagnosticRunOf(await this.runs.get(input.params.deviceId, input.params.runId));
  }

  @Endpoint(ROUTES.cancelDiagnosticRun)
  async cancel(@Input() input: InputOf<typeof ROUTES.cancelDiagnosticRun>) {
    const { deviceId, runId } = input.params;
    return diagnosticRunOf(await this.cancelDiagnostic.execute(deviceId, runId));
  }
}

import type { ServerResponse } from 'http';
import { Endpoint, EndpointAnswer, ReplyAnswer } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import { WakeForTask } from '../use-cases/connection-request-use-cases';
import {
  CreateTask,
  DeleteTask,
  GetTask,
  ListTasks,
  RetryTask,
  WaitForTask,
} from '../use-cases/task-use-cases';
import { NbiController } from './nbi-controller.decorator';

@NbiController()
export class TasksController {
  constructor(
    private readonly createTask: CreateTask,
    private readonly listTasks: ListTasks,
    private readonly getTask: GetTask,
    private readonly retryTask: RetryTask,
    private readonly deleteTask: DeleteTask,
    private readonly wakeForTask: WakeForTask,
    private readonly waitForTask: WaitForTask,
  ) {}

  /** Store, then wake (the task must exist before the session it starts), then wait if asked. */
  @Endpoint(ROUTES.createTask)
  async create(
    @Input() input: InputOf<typeof ROUTES.createTask>,
    @ReplyAnswer() response: ServerResponse,
  ): Promise<EndpointAnswer> {
    const { deviceId } = input.params;
    const task = await this.createTask.execute(deviceId, input.body);
    const woken = task.connectionRequest ? await this.wakeForTask.execute(deviceId) : null;
    const headers: Record<string, string> = woken ? { 'connection-request': woken.outcome } : {};
    if (input.query.wait === undefined) return new EndpointAnswer(201, task, headers);
    // A client that gives up stops the wait (its answer could go nowhere).
    const gone = new AbortController();
    response.once('close', () => gone.abort());
    const waited = await this.waitForTask.execute(task.id, input.query.wait * 1000, gone.signal);
    return new EndpointAnswer(waited.finished ? 200 : 202, waited.task, headers);
  }

  @Endpoint(ROUTES.listTasks)
  list(@Input() input: InputOf<typeof ROUTES.listTasks>) {
    return this.listTasks.execute(input.query);
  }

  @Endpoint(ROUTES.getTask)
  get(@Input() input: InputOf<typeof ROUTES.getTask>) {
    return this.getTask.execute(input.params.taskId);
  }

  @Endpoint(ROUTES.retryTask)
  retry(@Input() input: InputOf<typeof ROUTES.retryTask>) {
    return this.retryTask.execute(input.params.taskId, input.query.expiresInSeconds);
  }

  @Endpoint(ROUTES.deleteTask)
  async delete(@Input() input: InputOf<typeof ROUTES.deleteTask>): Promise<void> {
    await this.deleteTask.execute(input.params.taskId);
  }
}

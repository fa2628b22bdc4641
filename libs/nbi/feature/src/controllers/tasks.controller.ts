import type { ServerResponse } from 'http';
import { CreateTask } from '@acs/provisioning-use-cases';
import { Endpoint, EndpointAnswer, ReplyAnswer } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import {
  DeleteTask,
  GetTask,
  ListTasks,
  RetryTask,
  WaitForTask,
} from '../use-cases/task-use-cases';
import { taskView } from '../use-cases/views';
import { NbiController } from './nbi-controller.decorator';

@NbiController()
export class TasksController {
  constructor(
    private readonly createTask: CreateTask,
    private readonly listTasks: ListTasks,
    private readonly getTask: GetTask,
    private readonly retryTask: RetryTask,
    private readonly deleteTask: DeleteTask,
    private readonly waitForTask: WaitForTask,
  ) {}

  /** Queued (and the device woken when asked: CreateTask), then waited for if asked. */
  @Endpoint(ROUTES.createTask)
  async create(
    @Input() input: InputOf<typeof ROUTES.createTask>,
    @ReplyAnswer() response: ServerResponse,
  ): Promise<EndpointAnswer> {
    const created = await this.createTask.execute({
      deviceId: input.params.deviceId,
      task: input.body,
    });
    const task = taskView(created.task);
    const woken = created.connectionRequest;
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

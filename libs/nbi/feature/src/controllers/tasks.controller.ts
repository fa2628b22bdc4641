import { Endpoint } from '../http/endpoint';
import type { InputOf } from '../http/endpoint';
import { Input } from '../http/input';
import { ROUTES } from '../http/routes';
import { CreateTask, DeleteTask, GetTask, ListTasks, RetryTask } from '../use-cases/task-use-cases';
import { NbiController } from './nbi-controller.decorator';

@NbiController()
export class TasksController {
  constructor(
    private readonly createTask: CreateTask,
    private readonly listTasks: ListTasks,
    private readonly getTask: GetTask,
    private readonly retryTask: RetryTask,
    private readonly deleteTask: DeleteTask,
  ) {}

  @Endpoint(ROUTES.createTask)
  create(@Input() input: InputOf<typeof ROUTES.createTask>) {
    return this.createTask.execute(input.params.deviceId, input.body);
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

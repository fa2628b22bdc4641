export { transferTasksOver, type QueueProvisioningTask } from './transfer-tasks';
export {
  CommandTaskQueue,
  TaskRefusedError,
  TaskUnansweredError,
  type CommandTaskQueueOptions,
} from './command-task-queue';

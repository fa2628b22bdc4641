export type { CommandPorts, ConnectionRequestPort } from './command-ports';
export type { ExecutionOutcome } from './command-handlers';
export { ExecuteCommand } from './execute-command';
export { CommandConsumer } from './command-consumer';

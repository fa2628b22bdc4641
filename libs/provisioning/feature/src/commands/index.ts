export type { CommandPorts, ConnectionRequestPort } from './command-ports';
export type { ExecutionOutcome } from './command-errors';
export { ExecuteCommand } from './execute-command';
export { commandsMicroservice, commandsTransportModule } from './commands-transport';
export type { CommandsTransportOptions } from './commands-transport';

import type { LoggerService } from '@nestjs/common';
import type { GatewayLogger } from './cwmp-gateway';

/** The gateway's structured log entries through a Nest logger (JSON lines in the apps). */
export function nestGatewayLogger(logger: LoggerService): GatewayLogger {
  return {
    log: (entry) => logger.log(entry, 'cwmp-gateway'),
    warn: (entry) => logger.warn(entry, 'cwmp-gateway'),
    error: (entry) => logger.error(entry, undefined, 'cwmp-gateway'),
  };
}

import type { ConfigFileCredentialsProvider } from '@acs/cpe-auth';
import type { GatewayLogger } from '../cwmp-gateway';

/**
 * Reads CWMP_CREDENTIALS_FILE again when the process gets SIGHUP (`kill -HUP`, or a config
 * reloader after the mounted file changed), so new CPE credentials apply without a restart. A file
 * that fails to load is logged (which file and where, never a value) and the previous contents
 * stay in force. Returns what stops listening.
 */
export function reloadCredentialsOnSighup(
  file: ConfigFileCredentialsProvider,
  logger: GatewayLogger,
): () => void {
  const reload = () => {
    file.reload().then(
      () => logger.log({ event: 'cpe-credentials-reloaded', path: file.path }),
      (error: Error) =>
        logger.error({
          event: 'cpe-credentials-reload-failed',
          path: file.path,
          error: error.message,
          hint: 'the credentials loaded before stay in force',
        }),
    );
  };
  process.on('SIGHUP', reload);
  return () => process.off('SIGHUP', reload);
}

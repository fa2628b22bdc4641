import 'reflect-metadata';
import { Logger, type INestApplication, type LoggerService, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import { NbiMetrics, nbiHttpMetrics } from '../metrics/nbi-metrics';
import { NbiModule, NbiModuleOptions, NbiStoreSet } from '../nbi.module';
import { listenNbi, nbiServerOptions } from '../transport/listen-nbi';
import type { NbiLog } from '../transport/nbi-log';
import { nbiTransportOf, type NbiTransport } from '../transport/nbi-transport';

/** The operator API's port unless configured (GenieACS's NBI port, familiar to operators). */
export const DEFAULT_NBI_PORT = 7557;

export interface CreateNbiAppOptions {
  stores: NbiStoreSet;
  /** See NbiModuleOptions.auditEvents. */
  auditEvents: NbiModuleOptions['auditEvents'];
  /** See NbiModuleOptions.onProvisioningChange. */
  onProvisioningChange?: NbiModuleOptions['onProvisioningChange'];
  /** See NbiModuleOptions.connectionRequests. */
  connectionRequests?: NbiModuleOptions['connectionRequests'];
  /** See NbiModuleOptions.firmware. */
  firmware?: NbiModuleOptions['firmware'];
  /** See NbiModuleOptions.oidc. */
  oidc?: NbiModuleOptions['oidc'];
  /** See NbiModuleOptions.limits. */
  limits?: NbiModuleOptions['limits'];
  /** Opens sealed secret parameter values for the reveal route (admins, audited). */
  secretKeyring?: NbiModuleOptions['secretKeyring'];
  /** DEFAULT_NBI_PORT when absent; 0 picks a free port. */
  port?: number;
  /** Interface to listen on; all of them when absent. */
  host?: string;
  /**
   * HTTPS or plain HTTP (nbiTransportOf); absent: plain HTTP, which only a loopback host is
   * allowed.
   */
  transport?: NbiTransport;
  /** How often the certificate files are looked at, with HTTPS. */
  reloadCheckMs?: number;
  /** Where the transport reports (listening, certificate reloads); Nest's logger when absent. */
  log?: NbiLog;
  /** The API's HTTP metrics, counted into this when given. */
  metrics?: NbiMetrics;
  /** Nest's logger, log levels, or false for silence. Nest's default logger when absent. */
  logger?: LoggerService | LogLevel[] | false;
}

export interface NbiApp {
  app: INestApplication;
  port: number;
  /** Where a client on this machine reaches it: http(s)://127.0.0.1:<port> for the wildcard host. */
  url: string;
  /** Stops listening; the stores stay open (they are the caller's). */
  close(): Promise<void>;
}

/**
 * Starts the operator API alone in a Nest application on Express, listening (an app that hosts
 * more modules imports NbiModule instead, and starts its listener with listenNbi).
 */
export async function createNbiApp(options: CreateNbiAppOptions): Promise<NbiApp> {
  const transport =
    options.transport ??
    nbiTransportOf({ nbiHost: options.host ?? '0.0.0.0', nbiAllowPlainHttp: false });
  const app = await NestFactory.create<NestExpressApplication>(
    NbiModule.forRoot({
      stores: options.stores,
      auditEvents: options.auditEvents,
      ...(options.onProvisioningChange
        ? { onProvisioningChange: options.onProvisioningChange }
        : {}),
      ...(options.connectionRequests ? { connectionRequests: options.connectionRequests } : {}),
      ...(options.firmware ? { firmware: options.firmware } : {}),
      ...(options.oidc ? { oidc: options.oidc } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.secretKeyring ? { secretKeyring: options.secretKeyring } : {}),
    }),
    new ExpressAdapter(),
    // NbiModule reads JSON bodies itself, reporting bad ones in the API's error format.
    {
      bodyParser: false,
      ...nbiServerOptions(transport),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    },
  );
  app.disable('x-powered-by');
  if (options.metrics) app.use(nbiHttpMetrics(options.metrics));
  const listening = await listenNbi(app, {
    port: options.port ?? DEFAULT_NBI_PORT,
    ...(options.host === undefined ? {} : { host: options.host }),
    transport,
    log: options.log ?? nestLog(),
    ...(options.reloadCheckMs === undefined ? {} : { reloadCheckMs: options.reloadCheckMs }),
  });
  return { app, ...listening, close: () => app.close() };
}

function nestLog(): NbiLog {
  const logger = new Logger('Nbi');
  const line = (message: string, fields?: Record<string, unknown>) =>
    fields ? `${message} ${JSON.stringify(fields)}` : message;
  return {
    info: (message, fields) => logger.log(line(message, fields)),
    warn: (message, fields) => logger.warn(line(message, fields)),
    error: (message, fields) => logger.error(line(message, fields)),
  };
}

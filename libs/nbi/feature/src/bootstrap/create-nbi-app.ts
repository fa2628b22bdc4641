import 'reflect-metadata';
import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'net';
import { NbiModule, NbiModuleOptions, NbiStoreSet } from '../nbi.module';

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
  /** DEFAULT_NBI_PORT when absent; 0 picks a free port. */
  port?: number;
  /** Interface to listen on; all of them when absent. */
  host?: string;
  /** Nest's logger, log levels, or false for silence. Nest's default logger when absent. */
  logger?: LoggerService | LogLevel[] | false;
}

export interface NbiApp {
  app: INestApplication;
  port: number;
  /** Where a client on this machine reaches it: http://127.0.0.1:<port> for the wildcard host. */
  url: string;
  /** Stops listening; the stores stay open (they are the caller's). */
  close(): Promise<void>;
}

/**
 * Starts the operator API alone in a Nest application on Express, listening: what the standalone
 * NBI app and the all-in-one app call. (An app that hosts more modules imports NbiModule instead.)
 */
export async function createNbiApp(options: CreateNbiAppOptions): Promise<NbiApp> {
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
    }),
    new ExpressAdapter(),
    // NbiModule reads JSON bodies itself, reporting bad ones in the API's error format.
    { bodyParser: false, ...(options.logger === undefined ? {} : { logger: options.logger }) },
  );
  app.disable('x-powered-by');
  const port = options.port ?? DEFAULT_NBI_PORT;
  if (options.host === undefined) await app.listen(port);
  else await app.listen(port, options.host);
  const address = app.getHttpServer().address() as AddressInfo;
  const wildcard =
    options.host === undefined || options.host === '0.0.0.0' || options.host === '::';
  const host = wildcard ? '127.0.0.1' : (options.host as string);
  return {
    app,
    port: address.port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    close: () => app.close(),
  };
}

/** Where the API's transport reports: the same shape as the services' JSON-lines logs. */
export interface NbiLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What a client needs to know of a MongoDB-protocol server (plain data: it crosses processes). */
export interface MongoServerInfo {
  /** mongodb:// URI without a database name. */
  uri: string;
  /** One line naming the server, as suites and benchmarks print it. */
  description: string;
}

/**
 * What MONGODB_URI names, when set: the suites then run against that server (a real MongoDB, as
 * docker-compose starts one). Otherwise undefined, and the harness's FerretDB answers.
 */
export function explicitMongoServer(
  env: Record<string, string | undefined> = process.env,
): MongoServerInfo | undefined {
  const uri = env['MONGODB_URI'];
  if (!uri) return undefined;
  return { uri, description: `mongo: MONGODB_URI (${withoutCredentials(uri)})` };
}

function withoutCredentials(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//');
}

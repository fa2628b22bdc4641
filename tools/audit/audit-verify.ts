import { existsSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { Type } from '@sinclair/typebox';
import { configFromEnv } from '@acs/config';
import { mongoSettingsEnv } from '@acs/device-store';
import {
  EmbeddedAuditLog,
  MongoAuditLog,
  NBI_DATABASE_FILE,
  openNbiDatabase,
  verifyChain,
  type AuditLog,
  type ChainVerdict,
} from '@acs/nbi-data-access';

/**
 * Which audit log to check: the one the services write, chosen as they choose it (MONGODB_URI
 * set: MongoDB, the database the URI names; else the all-in-one app's `<ACS_DATA_DIR>/nbi`).
 */
export const AuditVerifyConfigSchema = Type.Object({
  dataDir: Type.String({ env: 'ACS_DATA_DIR', default: 'data', minLength: 1 }),
  ...mongoSettingsEnv(),
});

export interface VerifyReport {
  lines: string[];
  /** 0: the chain holds; 1: it breaks; 2: there is no audit log to check. */
  code: 0 | 1 | 2;
}

/** What `npm run audit:verify` prints of a verdict. */
export function reportOf(verdict: ChainVerdict): VerifyReport {
  if (verdict.ok) {
    return {
      lines: [
        `audit_chain ok ${verdict.entries} entries`,
        // What a SIEM's copy of acs.audit can be compared with: an end cut off shows there.
        `audit_chain head seq ${verdict.head.seq} hash ${verdict.head.hash}`,
      ],
      code: 0,
    };
  }
  const { id, seq, problems } = verdict.firstBreak;
  return {
    lines: [
      `audit_chain broken at entry ${id} seq ${seq}: ${problems.join('; ')}`,
      `audit_chain ${verdict.entries} entries hold before it`,
    ],
    code: 1,
  };
}

async function withAuditLog<T>(
  env: Record<string, string | undefined>,
  use: (log: AuditLog, where: string) => Promise<T>,
): Promise<T | { missing: string }> {
  const config = configFromEnv(AuditVerifyConfigSchema, env);
  if (config.mongodbUri !== undefined) {
    const connection = await mongoose.createConnection(config.mongodbUri).asPromise();
    try {
      return await use(await MongoAuditLog.open(connection), `MongoDB ${connection.name}`);
    } finally {
      await connection.close();
    }
  }
  const directory = join(config.dataDir, 'nbi');
  const file = join(directory, NBI_DATABASE_FILE);
  if (!existsSync(file)) return { missing: file };
  const db = openNbiDatabase(directory);
  try {
    return await use(new EmbeddedAuditLog(db), file);
  } finally {
    db.close();
  }
}

/** Walks the configured audit log's chain from its first entry. */
export async function verifyAuditStore(
  env: Record<string, string | undefined> = process.env,
): Promise<VerifyReport> {
  const result = await withAuditLog(env, async (log, where) => ({
    where,
    verdict: await verifyChain(log.chain()),
  }));
  if ('missing' in result) {
    return { lines: [`audit_chain no audit log at ${result.missing}`], code: 2 };
  }
  const report = reportOf(result.verdict);
  return { ...report, lines: [...report.lines, `audit_chain store ${result.where}`] };
}

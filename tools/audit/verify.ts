/**
 * `npm run audit:verify`: checks the operator API's audit trail, the hash chain of the store the
 * services are configured with (MONGODB_URI, else ACS_DATA_DIR), and prints
 * `audit_chain ok N entries` or the first entry that breaks it (exit code 1).
 */
import { ConfigError } from '@acs/config';
import { verifyAuditStore } from './audit-verify';

verifyAuditStore().then(
  (report) => {
    for (const line of report.lines) console.log(line);
    process.exitCode = report.code;
  },
  (error: unknown) => {
    console.error(`audit:verify: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = error instanceof ConfigError ? 2 : 3;
  },
);

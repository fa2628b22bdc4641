/**
 * Child process of reload-on-sighup.spec.ts (signals cannot be caught inside Jest's sandbox):
 * loads the credentials file named by argv[2], reloads it on SIGHUP, and prints one JSON line per
 * log entry with a fingerprint of the password then in force for the test's device (never the
 * password itself), and `ready` once listening.
 */
import { createHash } from 'node:crypto';
import { ConfigFileCredentialsProvider } from '@acs/cpe-auth';
import { reloadCredentialsOnSighup } from '../reload-on-sighup';

const device = { oui: '00259E', productClass: 'HG8245H', serialNumber: 'SN1' };

async function main(): Promise<void> {
  const provider = await ConfigFileCredentialsProvider.load(process.argv[2] as string);
  const inForce = async () => {
    const [found] = await provider.find({ username: 'cpe-sn1', device });
    return createHash('sha256')
      .update(found?.password ?? '')
      .digest('hex');
  };
  const print = (entry: Record<string, unknown>) =>
    void inForce().then((fingerprint) =>
      process.stdout.write(`${JSON.stringify({ ...entry, fingerprint })}\n`),
    );
  reloadCredentialsOnSighup(provider, { log: print, warn: print, error: print });
  print({ event: 'ready' });
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

void main();

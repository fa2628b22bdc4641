/**
 * Builds the harness's FerretDB into the cache (or finds it there) and says where it is: CI runs
 * it before the tests, so that a missing Go or an unreachable Go module proxy fails early and by
 * name, and the build's time is not spent inside a suite's hook.
 */
import { ferretDbBinary } from '../src/mongo/ferretdb-build';

const began = performance.now();
ferretDbBinary().then(
  ({ version, path }) => {
    const seconds = ((performance.now() - began) / 1000).toFixed(1);
    process.stdout.write(`ferretdb ${version}: ${path} (${seconds} s)\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

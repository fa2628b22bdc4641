// Builds the Go tools the deployment checks run (helm, chart-check, compose-check, promtool) into
// the harness cache, so CI can compile them while it lints instead of inside the first test that
// needs them.
import { composeCheckBinary } from '../src/compose';
import { chartCheckBinary, helmBinary } from '../src/helm';
import { promtoolBinary } from '../src/prometheus';

const started = Date.now();
const binaries = await Promise.all([
  helmBinary(),
  chartCheckBinary(),
  composeCheckBinary(),
  promtoolBinary(),
]);
console.log(
  `go tools ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${binaries.join(', ')}`,
);

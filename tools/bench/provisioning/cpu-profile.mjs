/**
 * Preloaded into the provisioning and inventory services by bench:provisioning (NODE_OPTIONS=--import, which
 * refuses --cpu-prof): profiles the whole process with the inspector and writes
 * `<BENCH_CPU_PROF_NAME>-<pid>.cpuprofile` into BENCH_CPU_PROF_DIR when it exits. The inspector session of
 * the main thread answers synchronously, so this works inside the 'exit' handler.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const directory = process.env['BENCH_CPU_PROF_DIR'];
if (directory) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) process.stderr.write(`cpu profile: ${String(error)}\n`);
      else
        writeFileSync(
          join(
            directory,
            `${process.env['BENCH_CPU_PROF_NAME'] ?? 'service'}-${process.pid}.cpuprofile`,
          ),
          JSON.stringify(result.profile),
        );
    });
  });
}

// Jest global teardown: closing the shared services' stdin stops every server they started.
export default async function stopSharedServices() {
  const child = globalThis.__acsSharedServices;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.end();
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(killer);
}

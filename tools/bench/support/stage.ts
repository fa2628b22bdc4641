/**
 * Awaits one stage of a benchmark, or fails naming it once `ms` have passed: a stage that hangs
 * (a broker that never comes back, a session that never ends) ends the run with its name instead
 * of leaving it running with nothing printed.
 */
export async function stage<T>(name: string, work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`stage "${name}" did not finish within ${ms / 1000} s`)),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

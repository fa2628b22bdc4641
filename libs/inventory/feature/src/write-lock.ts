/**
 * Runs inventory's writes one after another. The offline sweep decides from what it read that a
 * device is past its deadline; an Inform ingested between that read and its write would be
 * overwritten with "offline". One lock per process keeps the two apart (across replicas the
 * window stays; see the report on a conditional update in the store port).
 */
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

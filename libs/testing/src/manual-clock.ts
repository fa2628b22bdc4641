/** A clock tests move by hand, so times and expiries in stores are exact. */
export class ManualClock {
  private current: number;

  constructor(start = '2026-11-21T09:00:00.000Z') {
    this.current = Date.parse(start);
  }

  readonly now = (): Date => new Date(this.current);

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }

  iso(offsetMilliseconds = 0): string {
    return new Date(this.current + offsetMilliseconds).toISOString();
  }
}

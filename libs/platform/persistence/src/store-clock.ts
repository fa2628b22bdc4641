/** The clock a store stamps its documents with. */
export interface StoreClock {
  /** Defaults to the system clock; tests pass their own. */
  now?: () => Date;
}

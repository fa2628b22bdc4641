export interface DecodeLimits {
  /** Largest accepted envelope, in bytes (before charset decoding). */
  maxBytes: number;
  /** Deepest accepted element nesting, counted from the SOAP Envelope. */
  maxDepth: number;
}

/**
 * A 500-parameter GetParameterValuesResponse is ~60 KB; whole-tree GPV answers of large gateways
 * reach a few MB. CWMP structures nest at most ~8 deep; 32 leaves room for vendor extensions.
 */
export const DEFAULT_DECODE_LIMITS: DecodeLimits = {
  maxBytes: 8 * 1024 * 1024,
  maxDepth: 32,
};

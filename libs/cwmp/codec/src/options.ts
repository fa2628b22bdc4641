import { DEFAULT_VALUE_FORMAT, ValueFormat } from './values/typed-value';

/**
 * How messages are written. A device-class quirk profile sets these per device; the defaults
 * follow the CWMP schemas.
 */
export interface EncodeOptions extends ValueFormat {
  /** Send GetParameterNames NextLevel as `1`/`0` rather than `true`/`false`. */
  nextLevelAsDigit: boolean;
}

export const DEFAULT_ENCODE_OPTIONS: EncodeOptions = {
  ...DEFAULT_VALUE_FORMAT,
  nextLevelAsDigit: false,
};

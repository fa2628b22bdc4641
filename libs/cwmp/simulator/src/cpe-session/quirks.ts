/**
 * Behaviours of real CPE stacks the simulator can switch on per device, so the gateway meets them
 * in tests (see CWMP.md, "Interop quirks seen in real fleets").
 */
export interface DeviceQuirks {
  /** Never return cookies the ACS set: the gateway must still tie the session together. */
  noCookies: boolean;
  /** The cwmp namespace URI to write, byte for byte (default `urn:dslforum-org:cwmp-1-2`). */
  namespace: string;
  /** Write booleans as `1`/`0`. */
  booleansAsDigits: boolean;
  /** Send request bodies with `Transfer-Encoding: chunked` instead of a Content-Length. */
  chunkedBodies: boolean;
  /** Encode bodies as ISO-8859-1, said so in the Content-Type and the XML declaration. */
  latin1Bodies: boolean;
  /** Put `Content-Type: text/xml` on the empty POST. */
  emptyPostContentType: boolean;
  /** Write parameter `Value`s without `xsi:type`. */
  noXsiType: boolean;
  /** Answer an authentication challenge on a new TCP connection. */
  authOnNewConnection: boolean;
  /**
   * Forget the Digest challenge when a session ends, so every session starts without
   * Authorization and takes a 401. By default a device does what most CPE stacks do: it keeps
   * the last challenge and answers it preemptively on its next session (same nonce, nc + 1).
   */
  noPreemptiveAuth: boolean;
  /** CWMP 1.4: versions announced in the Inform's SupportedCWMPVersions header (none: no header). */
  supportedCwmpVersions: readonly string[] | undefined;
  /** Think this long before answering each ACS request (a slow CPE; 0: answer at once). */
  answerDelayMs: number;
  /** Send every TransferComplete (and its `M Download`/`M Upload` event) with an empty CommandKey. */
  emptyTransferCommandKey: boolean;
}

export const DEFAULT_QUIRKS: DeviceQuirks = {
  noCookies: false,
  namespace: 'urn:dslforum-org:cwmp-1-2',
  booleansAsDigits: false,
  chunkedBodies: false,
  latin1Bodies: false,
  emptyPostContentType: false,
  noXsiType: false,
  authOnNewConnection: false,
  noPreemptiveAuth: false,
  supportedCwmpVersions: undefined,
  answerDelayMs: 0,
  emptyTransferCommandKey: false,
};

import {
  attributeOf,
  encodeAddress,
  encodeStunMessage,
  encodeXorAddress,
  isRfc5389,
  STUN_ATTRIBUTE,
  STUN_TYPE,
  StunMessage,
  TransportAddress,
} from './stun-message';

/** What a Binding request told the server, beyond the mapped address (TR-111 Annex G). */
export interface BindingRequestSeen {
  /** Where the request came from: the CPE's NAT binding. */
  mapped: TransportAddress;
  /** USERNAME, when the CPE sent one (TR-111 CPEs send their ConnectionRequestUsername). */
  username?: string;
  /** CONNECTION-REQUEST-BINDING present: this is the binding the CPE listens on. */
  connectionRequestBinding: boolean;
  /** BINDING-CHANGE present: the CPE says the binding changed since its previous request. */
  bindingChange: boolean;
  rfc5389: boolean;
}

/**
 * The Binding success response to `request` from `source`, or undefined when `request` is not a
 * Binding request. RFC 5389 clients get XOR-MAPPED-ADDRESS and MAPPED-ADDRESS; RFC 3489 clients
 * get MAPPED-ADDRESS, SOURCE-ADDRESS and CHANGED-ADDRESS only, because RFC 3489 section 11.2 has
 * them discard a response carrying an attribute they do not know below 0x8000 (XOR-MAPPED-ADDRESS
 * is 0x0020), and RFC 5389 section 12.2 tells servers to answer them that way.
 */
export function answerBindingRequest(
  request: StunMessage,
  source: TransportAddress,
  local: TransportAddress,
): Buffer | undefined {
  if (request.type !== STUN_TYPE.bindingRequest) return undefined;
  const attributes = isRfc5389(request)
    ? [
        {
          type: STUN_ATTRIBUTE.xorMappedAddress,
          value: encodeXorAddress(source, request.transactionId),
        },
        { type: STUN_ATTRIBUTE.mappedAddress, value: encodeAddress(source) },
      ]
    : [
        { type: STUN_ATTRIBUTE.mappedAddress, value: encodeAddress(source) },
        { type: STUN_ATTRIBUTE.sourceAddress, value: encodeAddress(local) },
        // No second address to offer (RFC 3489 NAT-type tests): ours, as RFC 5780 servers do too.
        { type: STUN_ATTRIBUTE.changedAddress, value: encodeAddress(local) },
      ];
  return encodeStunMessage({
    type: STUN_TYPE.bindingSuccess,
    transactionId: request.transactionId,
    attributes,
  });
}

/** The TR-111 facts of a Binding request, for a server that wants to record bindings. */
export function bindingRequestSeen(
  request: StunMessage,
  source: TransportAddress,
): BindingRequestSeen {
  const username = attributeOf(request, STUN_ATTRIBUTE.username);
  return {
    mapped: source,
    ...(username ? { username: username.toString('utf8').replace(/\0+$/, '').trimEnd() } : {}),
    connectionRequestBinding:
      attributeOf(request, STUN_ATTRIBUTE.connectionRequestBinding) !== undefined,
    bindingChange: attributeOf(request, STUN_ATTRIBUTE.bindingChange) !== undefined,
    rfc5389: isRfc5389(request),
  };
}

/** A datagram's source as a STUN transport address: `::ffff:a.b.c.d` (dual-stack) is IPv4. */
export function transportAddressOf(address: string, port: number): TransportAddress {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { family: 'IPv4', address: mapped[1] as string, port };
  return { family: address.includes(':') ? 'IPv6' : 'IPv4', address, port };
}

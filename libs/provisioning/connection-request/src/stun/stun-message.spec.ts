import { answerBindingRequest, bindingRequestSeen, transportAddressOf } from './binding';
import {
  attributeOf,
  decodeAddress,
  decodeStunMessage,
  decodeXorAddress,
  encodeStunMessage,
  STUN_ATTRIBUTE,
  STUN_TYPE,
} from './stun-message';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

// RFC 5769 (STUN test vectors) section 2.1: a Binding request with USERNAME, MESSAGE-INTEGRITY
// and FINGERPRINT.
const RFC5769_REQUEST = hex(`
  0001 0058 2112a442 b7e7a701 bc34d686 fa87dfae
  8022 0010 5354554e 20746573 7420636c 69656e74
  0024 0004 6e0001ff
  8029 0008 932ff9b1 51263b36
  0006 0009 6576746a 3a683676 59202020
  0008 0014 9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2
  8028 0004 e57a3bcf`);

// RFC 5769 section 2.2: the IPv4 response, XOR-MAPPED-ADDRESS 192.0.2.1:32853.
const RFC5769_IPV4_RESPONSE = hex(`
  0101 003c 2112a442 b7e7a701 bc34d686 fa87dfae
  8022 000b 74657374 20766563 746f7220
  0020 0008 0001a147 e112a643
  0008 0014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7
  8028 0004 c07d4c96`);

// RFC 5769 section 2.3: the IPv6 response, XOR-MAPPED-ADDRESS
// [2001:db8:1234:5678:11:2233:4455:6677]:32853.
const RFC5769_IPV6_RESPONSE = hex(`
  0101 0048 2112a442 b7e7a701 bc34d686 fa87dfae
  8022 000b 74657374 20766563 746f7220
  0020 0014 0002a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9
  0008 0014 a382954e 4be67bf1 1784c97c 8292c275 bfe3ed41
  8028 0004 c8fb0b4c`);

const TRANSACTION = hex('b7e7a701 bc34d686 fa87dfae');

describe('STUN codec on RFC 5769 test vectors', () => {
  it('reads the sample request: type, transaction id, USERNAME, fingerprint checked', () => {
    const decoded = decodeStunMessage(RFC5769_REQUEST);
    if (!decoded.ok) throw decoded.error;
    expect(decoded.message.type).toBe(STUN_TYPE.bindingRequest);
    expect(decoded.message.transactionId).toEqual(TRANSACTION);
    expect(decoded.message.attributes.map((attribute) => attribute.type)).toEqual([
      0x8022, 0x0024, 0x8029, 0x0006, 0x0008, 0x8028,
    ]);
    expect(attributeOf(decoded.message, STUN_ATTRIBUTE.username)?.toString()).toBe('evtj:h6vY');
  });

  it('reads XOR-MAPPED-ADDRESS of the IPv4 and IPv6 sample responses', () => {
    const ipv4 = decodeStunMessage(RFC5769_IPV4_RESPONSE);
    const ipv6 = decodeStunMessage(RFC5769_IPV6_RESPONSE);
    if (!ipv4.ok || !ipv6.ok) throw new Error('sample responses must decode');
    const xorOf = (message: typeof ipv4.message) =>
      decodeXorAddress(
        attributeOf(message, STUN_ATTRIBUTE.xorMappedAddress) as Buffer,
        message.transactionId,
      );
    expect(xorOf(ipv4.message)).toEqual({ family: 'IPv4', address: '192.0.2.1', port: 32853 });
    expect(xorOf(ipv6.message)).toEqual({
      family: 'IPv6',
      address: '2001:db8:1234:5678:11:2233:4455:6677',
      port: 32853,
    });
  });

  it('writes the XOR-MAPPED-ADDRESS bytes of the samples when answering their request', () => {
    const request = decodeStunMessage(RFC5769_REQUEST);
    if (!request.ok) throw request.error;
    const local = { family: 'IPv4', address: '198.51.100.7', port: 3478 } as const;
    const ipv4 = answerBindingRequest(
      request.message,
      { family: 'IPv4', address: '192.0.2.1', port: 32853 },
      local,
    );
    expect(ipv4?.toString('hex')).toBe(
      hex(`0101 0018 2112a442 b7e7a701 bc34d686 fa87dfae
           0020 0008 0001a147 e112a643
           0001 0008 00018055 c0000201`).toString('hex'),
    );
    const ipv6 = answerBindingRequest(
      request.message,
      { family: 'IPv6', address: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853 },
      local,
    );
    expect(ipv6?.toString('hex')).toBe(
      hex(`0101 0030 2112a442 b7e7a701 bc34d686 fa87dfae
           0020 0014 0002a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9
           0001 0014 00028055 20010db8 12345678 00112233 44556677`).toString('hex'),
    );
  });

  it('refuses a message whose FINGERPRINT does not match', () => {
    const tampered = Buffer.from(RFC5769_IPV4_RESPONSE);
    tampered[31] = 0x44; // one bit of the mapped address
    const decoded = decodeStunMessage(tampered);
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? undefined : decoded.error.code).toBe('bad-fingerprint');
  });
});

describe('STUN codec on what is not a well-formed STUN message', () => {
  it.each([
    [
      'an HTTP-formatted UDP connection request',
      Buffer.from('GET http://h:1?ts=1 HTTP/1.1\r\n\r\n'),
      'not-stun',
    ],
    ['a short datagram', hex('0001 0000 2112a442'), 'too-short'],
    [
      'a length that disagrees with the datagram',
      hex('0001 0008 2112a442 b7e7a701 bc34d686 fa87dfae'),
      'bad-length',
    ],
    [
      'an attribute running past the end',
      hex('0001 0004 2112a442 b7e7a701 bc34d686 fa87dfae 0006 0009'),
      'truncated-attribute',
    ],
  ])('rejects %s', (_what, datagram, code) => {
    const decoded = decodeStunMessage(datagram);
    expect(decoded.ok ? 'decoded' : decoded.error.code).toBe(code);
  });
});

describe('RFC 3489 (classic) Binding requests', () => {
  // RFC 3489 header: type, length, then a 128-bit transaction id (no magic cookie).
  const classicRequest = hex('0001 0000 00112233 44556677 8899aabb ccddeeff');

  it('are answered with MAPPED-ADDRESS, SOURCE-ADDRESS and CHANGED-ADDRESS, the 16-byte id echoed', () => {
    const request = decodeStunMessage(classicRequest);
    if (!request.ok) throw request.error;
    const answer = answerBindingRequest(
      request.message,
      { family: 'IPv4', address: '203.0.113.9', port: 40000 },
      { family: 'IPv4', address: '198.51.100.7', port: 3478 },
    );
    expect(answer?.toString('hex')).toBe(
      hex(`0101 0024 00112233 44556677 8899aabb ccddeeff
           0001 0008 00019c40 cb007109
           0004 0008 00010d96 c6336407
           0005 0008 00010d96 c6336407`).toString('hex'),
    );
  });

  it('keep their TR-111 attributes readable (USERNAME, CONNECTION-REQUEST-BINDING, BINDING-CHANGE)', () => {
    const request = encodeStunMessage({
      type: STUN_TYPE.bindingRequest,
      transactionId: hex('00112233 44556677 8899aabb ccddeeff'),
      attributes: [
        { type: STUN_ATTRIBUTE.username, value: Buffer.from('SIM000001') },
        {
          type: STUN_ATTRIBUTE.connectionRequestBinding,
          value: Buffer.from('dslforum.org/TR-111 '),
        },
        { type: STUN_ATTRIBUTE.bindingChange, value: Buffer.alloc(0) },
      ],
    });
    const decoded = decodeStunMessage(request);
    if (!decoded.ok) throw decoded.error;
    const source = transportAddressOf('::ffff:203.0.113.9', 40000);
    expect(bindingRequestSeen(decoded.message, source)).toEqual({
      mapped: { family: 'IPv4', address: '203.0.113.9', port: 40000 },
      username: 'SIM000001',
      connectionRequestBinding: true,
      bindingChange: true,
      rfc5389: false,
    });
  });
});

describe('address attributes', () => {
  it('round-trip IPv6 addresses with zero runs and scoped link-local sources', () => {
    const decoded = decodeAddress(hex('0002 1f90 fe800000 00000000 00000000 00000001'));
    expect(decoded).toEqual({ family: 'IPv6', address: 'fe80::1', port: 8080 });
    const request = decodeStunMessage(hex('0001 0000 2112a442 b7e7a701 bc34d686 fa87dfae'));
    if (!request.ok) throw request.error;
    const answer = answerBindingRequest(request.message, transportAddressOf('fe80::1%lo', 8080), {
      family: 'IPv6',
      address: '::1',
      port: 3478,
    }) as Buffer;
    const response = decodeStunMessage(answer);
    if (!response.ok) throw response.error;
    expect(
      decodeAddress(attributeOf(response.message, STUN_ATTRIBUTE.mappedAddress) as Buffer),
    ).toEqual(decoded);
  });
});

import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { BindingRequestSeen } from './binding';
import {
  attributeOf,
  decodeAddress,
  decodeStunMessage,
  decodeXorAddress,
  encodeStunMessage,
  STUN_ATTRIBUTE,
  STUN_TYPE,
  StunMessage,
} from './stun-message';
import { StunServer } from './stun-server';

/** A dgram client that sends datagrams to the server and collects what comes back. */
async function client(type: 'udp4' | 'udp6', host: string) {
  const socket = dgram.createSocket(type);
  const replies: Buffer[] = [];
  socket.on('message', (datagram) => replies.push(datagram));
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  return {
    port: socket.address().port,
    replies,
    send: (datagram: Buffer, port: number) =>
      new Promise<void>((resolve) => socket.send(datagram, port, host, () => resolve())),
    async reply(count = 1): Promise<StunMessage> {
      const deadline = Date.now() + 10_000;
      while (replies.length < count) {
        if (Date.now() > deadline) throw new Error('no STUN answer');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const decoded = decodeStunMessage(replies[count - 1] as Buffer);
      if (!decoded.ok) throw decoded.error;
      return decoded.message;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

const bindingRequest = (transactionId: Buffer, attributes: StunMessage['attributes'] = []) =>
  encodeStunMessage({ type: STUN_TYPE.bindingRequest, transactionId, attributes });

describe('StunServer', () => {
  const seen: BindingRequestSeen[] = [];
  const server = new StunServer({
    port: 0,
    host: '127.0.0.1',
    onBindingRequest: (s) => seen.push(s),
  });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('answers a Binding request with the address it came from, the transaction id echoed', async () => {
    const cpe = await client('udp4', '127.0.0.1');
    const transactionId = randomBytes(12);
    await cpe.send(bindingRequest(transactionId), server.address().port);
    const answer = await cpe.reply();
    await cpe.close();
    expect(answer.type).toBe(STUN_TYPE.bindingSuccess);
    expect(answer.transactionId).toEqual(transactionId);
    const mapped = { family: 'IPv4', address: '127.0.0.1', port: cpe.port };
    expect(
      decodeXorAddress(
        attributeOf(answer, STUN_ATTRIBUTE.xorMappedAddress) as Buffer,
        transactionId,
      ),
    ).toEqual(mapped);
    expect(decodeAddress(attributeOf(answer, STUN_ATTRIBUTE.mappedAddress) as Buffer)).toEqual(
      mapped,
    );
  });

  it('drops garbage and non-request STUN without answering, and keeps serving', async () => {
    const cpe = await client('udp4', '127.0.0.1');
    const port = server.address().port;
    await cpe.send(Buffer.from('GET http://x?ts=1 HTTP/1.1\r\n\r\n'), port);
    await cpe.send(randomBytes(7), port);
    await cpe.send(Buffer.alloc(0), port);
    await cpe.send(
      encodeStunMessage({
        type: STUN_TYPE.bindingSuccess,
        transactionId: randomBytes(12),
        attributes: [],
      }),
      port,
    );
    const transactionId = randomBytes(12);
    await cpe.send(bindingRequest(transactionId), port);
    const answer = await cpe.reply();
    await cpe.close();
    // The first reply is the answer to the valid request: nothing came back for the rest.
    expect(answer.transactionId).toEqual(transactionId);
    expect(cpe.replies).toHaveLength(1);
  });

  it('reports the TR-111 facts of each request to onBindingRequest', async () => {
    const cpe = await client('udp4', '127.0.0.1');
    const classicId = randomBytes(16);
    await cpe.send(
      bindingRequest(classicId, [
        { type: STUN_ATTRIBUTE.username, value: Buffer.from('SIM000007') },
        {
          type: STUN_ATTRIBUTE.connectionRequestBinding,
          value: Buffer.from('dslforum.org/TR-111 '),
        },
      ]),
      server.address().port,
    );
    const answer = await cpe.reply();
    await cpe.close();
    expect(answer.transactionId).toEqual(classicId);
    expect(seen.at(-1)).toEqual({
      mapped: { family: 'IPv4', address: '127.0.0.1', port: cpe.port },
      username: 'SIM000007',
      connectionRequestBinding: true,
      bindingChange: false,
      rfc5389: false,
    });
  });
});

describe('StunServer on IPv6', () => {
  it('answers an IPv6 client with its IPv6 address', async () => {
    const server = new StunServer({ port: 0, host: '::1' });
    await server.start();
    const cpe = await client('udp6', '::1');
    try {
      const transactionId = randomBytes(12);
      await cpe.send(bindingRequest(transactionId), server.address().port);
      const answer = await cpe.reply();
      expect(
        decodeXorAddress(
          attributeOf(answer, STUN_ATTRIBUTE.xorMappedAddress) as Buffer,
          transactionId,
        ),
      ).toEqual({ family: 'IPv6', address: '::1', port: cpe.port });
    } finally {
      await cpe.close();
      await server.stop();
    }
  });

  it('answers IPv4 clients of a dual-stack socket with their IPv4 address', async () => {
    const server = new StunServer({ port: 0, host: '::' });
    await server.start();
    const cpe = await client('udp4', '127.0.0.1');
    try {
      const transactionId = randomBytes(12);
      await cpe.send(bindingRequest(transactionId), server.address().port);
      const answer = await cpe.reply();
      expect(decodeAddress(attributeOf(answer, STUN_ATTRIBUTE.mappedAddress) as Buffer)).toEqual({
        family: 'IPv4',
        address: '127.0.0.1',
        port: cpe.port,
      });
    } finally {
      await cpe.close();
      await server.stop();
    }
  });
});

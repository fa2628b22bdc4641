import { request } from 'http';
import { gunzipSync, gzipSync, deflateSync, inflateSync } from 'zlib';
import { useGatewayStack } from '../test-support/gateway-stack';
import { RawCpe, rawPost } from '../test-support/raw-cpe';

describe('the gateway over HTTP: encodings, Expect, limits, operations endpoints', () => {
  const stack = useGatewayStack({ env: { CWMP_AUTH: 'none', CWMP_BODY_LIMIT_BYTES: '65536' } });

  const informBody = (serial: string) => new RawCpe('http://unused/', serial).informEnvelope();

  it('reads gzip and deflate bodies and answers in kind', async () => {
    const url = stack().gateway.url;
    const gzipped = await rawPost(url, gzipSync(informBody('GZIP1')), {
      'content-encoding': 'gzip',
    });
    expect(gzipped.status).toBe(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body).toString()).toContain('InformResponse');
    const deflated = await rawPost(url, deflateSync(informBody('DEFLATE1')), {
      'content-encoding': 'deflate',
    });
    expect(deflated.status).toBe(200);
    expect(inflateSync(deflated.body).toString()).toContain('InformResponse');
    const unknown = await rawPost(url, informBody('BR1'), { 'content-encoding': 'br' });
    expect(unknown.status).toBe(415);
  }, 30_000);

  it('refuses bodies over the limit, even when they expand only after decompression', async () => {
    const url = stack().gateway.url;
    expect((await rawPost(url, Buffer.alloc(70_000, 0x20))).status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(10_000_000, 0x20));
    expect(bomb.length).toBeLessThan(65_536);
    expect((await rawPost(url, bomb, { 'content-encoding': 'gzip' })).status).toBe(413);
  }, 30_000);

  it('answers Expect: 100-continue, and only POST', async () => {
    const url = new URL(stack().gateway.url);
    const body = Buffer.from(informBody('EXPECT1'));
    const status = await new Promise<{ continued: boolean; status: number }>((resolve, reject) => {
      let continued = false;
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          headers: { expect: '100-continue', 'content-length': body.length },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ continued, status: res.statusCode ?? 0 }));
        },
      );
      req.on('continue', () => {
        continued = true;
        req.end(body);
      });
      req.on('error', reject);
    });
    expect(status).toEqual({ continued: true, status: 200 });
    const get = await fetch(stack().gateway.url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  }, 30_000);

  it('serves liveness, readiness and Prometheus metrics on the operations port', async () => {
    const ops = stack().gateway.opsUrl;
    expect((await fetch(`${ops}/healthz`)).status).toBe(200);
    const ready = await fetch(`${ops}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ready: true,
      checks: { redis: true, kafka: true, accepting: true },
    });
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    for (const name of [
      'acs_gateway_sessions_opened_total',
      'acs_gateway_sessions_closed_total',
      'acs_gateway_sessions_in_flight',
      'acs_gateway_rpcs_total',
      'acs_gateway_http_responses_total',
      'acs_gateway_session_duration_seconds',
      'acs_gateway_rpc_round_trip_seconds',
      'acs_gateway_kafka_publish_seconds',
      'acs_gateway_redis_seconds',
      'acs_gateway_auth_failures_total',
      'acs_gateway_admission_rejections_total',
      'acs_gateway_informs_total',
      'acs_readiness_check_up',
    ]) {
      expect(metrics).toContain(`# TYPE ${name}`);
    }
    expect(metrics).toMatch(/acs_gateway_http_responses_total\{status="200"\} [1-9]/);
    expect(metrics).toMatch(/acs_gateway_informs_total\{event="[^"]+"\} [1-9]/);
    expect(metrics).toMatch(/acs_readiness_check_up\{check="redis"\} 1/);
  }, 30_000);
});

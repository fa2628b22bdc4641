import { Type } from '@sinclair/typebox';

/**
 * The operations port's variables (for `configFromEnv`): OPS_PORT and OPS_HOST, with each
 * service's default port so that services on one machine do not collide.
 */
export function opsServerEnv(defaults: { port: number }) {
  return {
    opsPort: Type.Integer({ env: 'OPS_PORT', default: defaults.port, minimum: 0, maximum: 65535 }),
    opsHost: Type.String({ env: 'OPS_HOST', default: '0.0.0.0', minLength: 1 }),
  };
}

import { boundaryErrorLines } from './lint-boundaries';

const probe = (module: string) => `import * as m from '${module}';\nexport const probe = m;\n`;

// Each bounded context uses only the contexts the lint configuration lets it use.
describe('module boundaries between bounded contexts', () => {
  it.each([
    ['provisioning uses the operator API', 'libs/provisioning/feature/src/probe.ts', '@acs/nbi'],
    [
      'provisioning uses the operator API’s stores',
      'libs/provisioning/data-access/src/probe.ts',
      '@acs/nbi-data-access',
    ],
    ['inventory uses provisioning', 'libs/inventory/feature/src/probe.ts', '@acs/provisioning'],
    [
      'the operator API uses another context’s feature',
      'libs/nbi/feature/src/probe.ts',
      '@acs/provisioning',
    ],
    ['the gateway uses inventory', 'libs/cwmp/gateway/src/probe.ts', '@acs/inventory'],
    ['a service ships the test harness', 'apps/inventory/src/probe.ts', '@acs/testing'],
    ['a platform library uses a context', 'libs/platform/event-bus/src/probe.ts', '@acs/nbi'],
    ['a domain library uses a store', 'libs/inventory/domain/src/probe.ts', '@acs/device-store'],
    [
      'a use case uses a feature (its adapters use it, not the other way)',
      'libs/provisioning/use-cases/src/probe.ts',
      '@acs/provisioning',
    ],
    ['a use case uses a framework', 'libs/provisioning/use-cases/src/probe.ts', '@nestjs/common'],
    ['the operator API uses firmware’s feature', 'libs/nbi/feature/src/probe.ts', '@acs/firmware'],
    ['a firmware use case uses a framework', 'libs/firmware/use-cases/src/probe.ts', 'mongoose'],
    [
      'another context runs provisioning’s use cases',
      'libs/inventory/feature/src/probe.ts',
      '@acs/provisioning-use-cases',
    ],
  ])(
    'refuses a build where %s',
    (_, path, module) => {
      expect(boundaryErrorLines(path, probe(module))).toEqual([1]);
    },
    60_000,
  );

  it.each([
    [
      'the operator API reads provisioning’s stores',
      'libs/nbi/feature/src/probe.ts',
      '@acs/provisioning-data-access',
    ],
    [
      'the operator API runs provisioning’s use cases',
      'libs/nbi/feature/src/probe.ts',
      '@acs/provisioning-use-cases',
    ],
    [
      'the operator API runs firmware’s use cases',
      'libs/nbi/feature/src/probe.ts',
      '@acs/firmware-use-cases',
    ],
    [
      'the provisioning service opens firmware’s stores for the operator API',
      'apps/provisioning/src/probe.ts',
      '@acs/firmware-data-access',
    ],
    [
      'provisioning’s command adapter runs its use cases',
      'libs/provisioning/feature/src/probe.ts',
      '@acs/provisioning-use-cases',
    ],
    [
      'a use case reads provisioning’s stores',
      'libs/provisioning/use-cases/src/probe.ts',
      '@acs/provisioning-data-access',
    ],
    [
      'provisioning reads inventory’s model',
      'libs/provisioning/domain/src/probe.ts',
      '@acs/inventory-domain',
    ],
    [
      'a domain library reads the contracts (events, device model)',
      'libs/inventory/domain/src/probe.ts',
      '@acs/contracts',
    ],
    [
      'the provisioning service hosts the operator API',
      'apps/provisioning/src/probe.ts',
      '@acs/nbi',
    ],
    ['a test uses the harness', 'apps/inventory/src/probe.spec.ts', '@acs/testing'],
  ])(
    'accepts a build where %s',
    (_, path, module) => {
      expect(boundaryErrorLines(path, probe(module))).toEqual([]);
    },
    60_000,
  );
});

import nx from '@nx/eslint-plugin';

/**
 * Module boundaries: `type:*` says what a project may depend on, `scope:*` which domain it serves.
 * Pure domain libraries (the CWMP codec, the session state machine, data-model logic) must stay
 * free of transports and stores so they can be tested and reused without infrastructure. They
 * may read the contracts (the events, configurations and device model the contexts share), which
 * are schemas, validators and types, no I/O: contracts are held to the same bans as domain.
 */
const infrastructureImports = [
  '@nestjs/*',
  'kafkajs',
  'ioredis',
  'mongoose',
  'mongodb',
  'express',
  'fastify',
  'prom-client',
];

/** Libraries tagged type:domain, and the contracts they read: no transport, store or framework. */
const pureLibraries = [
  'libs/cwmp/codec/**/*.ts',
  'libs/cwmp/session-machine/**/*.ts',
  'libs/inventory/domain/**/*.ts',
  'libs/inventory/posture/**/*.ts',
  'libs/provisioning/domain/**/*.ts',
  'libs/firmware/domain/**/*.ts',
  'libs/contracts/**/*.ts',
];
const pureLibraryMessage = 'Pure libraries import no transport, store or framework.';

/** Libraries tagged type:use-cases: their adapters (REST, Kafka) bring transport and framework. */
const useCaseLibraries = ['libs/provisioning/use-cases/**/*.ts', 'libs/firmware/use-cases/**/*.ts'];
const useCaseMessage = 'Use cases import no transport or framework: their adapters wrap them.';

/**
 * Bounded contexts, and the others each may use (its own always). Provisioning reads inventory's
 * domain model; the operator API fronts provisioning's, inventory's and firmware's stores, and
 * runs provisioning's and firmware's use cases; platform holds the ports and adapters every
 * context shares. A feature never uses another context's feature: what one context offers another
 * to run is its use-case library (`type:use-cases`), framework-free classes over ports that each
 * transport wraps (provisioning's serve its REST routes and its OSS commands alike).
 */
const CONTEXTS = {
  cwmp: ['platform', 'contracts'],
  inventory: ['cwmp', 'platform', 'contracts'],
  provisioning: ['inventory', 'cwmp', 'platform', 'contracts'],
  nbi: ['provisioning', 'inventory', 'firmware', 'platform', 'contracts'],
  firmware: ['inventory', 'platform', 'contracts'],
  platform: ['cwmp', 'contracts'],
  contracts: ['cwmp'],
  testing: ['cwmp', 'inventory', 'provisioning', 'nbi', 'firmware', 'platform', 'contracts'],
};
/**
 * The scaled provisioning service also hosts the operator API, and opens the stores it fronts
 * that no service of their own opens yet (firmware's image library).
 */
const APP_EXTRAS = { provisioning: ['nbi', 'firmware'] };
const TYPES = [
  'domain',
  'util',
  'contracts',
  'data-access',
  'use-cases',
  'feature',
  'testing',
  'app',
  'e2e',
  'tool',
];
const FEATURE_CONTEXTS = ['cwmp', 'inventory', 'provisioning', 'nbi', 'firmware'];

function contextConstraints() {
  const constraints = [];
  for (const [context, uses] of Object.entries(CONTEXTS)) {
    for (const type of TYPES) {
      const extras = type === 'app' ? (APP_EXTRAS[context] ?? []) : [];
      constraints.push({
        allSourceTags: [`scope:${context}`, `type:${type}`],
        onlyDependOnLibsWithTags: [context, ...uses, ...extras].map((name) => `scope:${name}`),
      });
    }
    if (FEATURE_CONTEXTS.includes(context))
      constraints.push({
        allSourceTags: [`scope:${context}`, 'type:feature'],
        notDependOnLibsWithTags: FEATURE_CONTEXTS.filter((other) => other !== context).map(
          (other) => `feature:${other}`,
        ),
      });
  }
  // The all-in-one app and the end-to-end suites compose every context.
  constraints.push({ sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['*'] });
  return constraints;
}

const depConstraints = [
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util'],
    bannedExternalImports: infrastructureImports,
  },
  {
    sourceTag: 'type:util',
    onlyDependOnLibsWithTags: ['type:util'],
    bannedExternalImports: infrastructureImports,
  },
  {
    sourceTag: 'type:contracts',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:util'],
    bannedExternalImports: infrastructureImports,
  },
  {
    sourceTag: 'type:data-access',
    onlyDependOnLibsWithTags: ['type:data-access', 'type:contracts', 'type:domain', 'type:util'],
  },
  {
    // A use case: one operation over ports, no transport or framework (its adapters bring those).
    sourceTag: 'type:use-cases',
    onlyDependOnLibsWithTags: [
      'type:use-cases',
      'type:data-access',
      'type:contracts',
      'type:domain',
      'type:util',
    ],
    bannedExternalImports: infrastructureImports,
  },
  {
    sourceTag: 'type:feature',
    onlyDependOnLibsWithTags: [
      'type:feature',
      'type:use-cases',
      'type:data-access',
      'type:contracts',
      'type:domain',
      'type:util',
    ],
  },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: [
      'type:testing',
      'type:data-access',
      'type:contracts',
      'type:domain',
      'type:util',
    ],
  },
  {
    // A service ships no test harness: its tests may use one (see testDepConstraints).
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: [
      'type:feature',
      'type:use-cases',
      'type:data-access',
      'type:contracts',
      'type:domain',
      'type:util',
    ],
  },
  {
    // End-to-end suites drive the services as processes, through their public edges.
    sourceTag: 'type:e2e',
    onlyDependOnLibsWithTags: [
      'type:feature',
      'type:use-cases',
      'type:data-access',
      'type:contracts',
      'type:domain',
      'type:util',
      'type:testing',
    ],
  },
  {
    sourceTag: 'type:tool',
    onlyDependOnLibsWithTags: [
      'type:feature',
      'type:use-cases',
      'type:data-access',
      'type:contracts',
      'type:domain',
      'type:util',
      'type:testing',
    ],
  },
  ...contextConstraints(),
];

/** Tests, contract suites, test support and benchmarks may also use the test harness. */
const testDepConstraints = depConstraints.map((constraint) =>
  constraint.onlyDependOnLibsWithTags
    ? {
        ...constraint,
        onlyDependOnLibsWithTags: [
          ...constraint.onlyDependOnLibsWithTags,
          constraint.allSourceTags ? 'scope:testing' : 'type:testing',
        ],
      }
    : constraint,
);

const boundaries = (constraints) => [
  'error',
  { enforceBuildableLibDependency: true, allow: [], depConstraints: constraints },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    // Belt and braces for the pure libraries: @nx/enforce-module-boundaries only recognizes
    // external packages that are installed, so a client not yet in package.json would slip by it.
    files: pureLibraries,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: infrastructureImports
            .filter((name) => !name.includes('*'))
            .map((name) => ({ name, message: pureLibraryMessage })),
          patterns: [{ group: ['@nestjs/*'], message: pureLibraryMessage }],
        },
      ],
    },
  },
  {
    files: useCaseLibraries,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: infrastructureImports
            .filter((name) => !name.includes('*'))
            .map((name) => ({ name, message: useCaseMessage })),
          patterns: [{ group: ['@nestjs/*'], message: useCaseMessage }],
        },
      ],
    },
  },
  {
    ignores: ['**/dist', '**/node_modules', '**/tmp', '**/.nx', '**/coverage'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(depConstraints),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.contract.ts', '**/test-support/**/*.ts', '**/bench/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(testDepConstraints) },
  },
];

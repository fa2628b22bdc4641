// Shared by every project's jest.config.ts: Node environment, TypeScript through ts-jest with
// isolatedModules (type errors are the type-check step's job, not the test run's).
module.exports = {
  testEnvironment: 'node',
  testMatch: ['**/?(*.)+(spec|test).ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  resolver: '@nx/jest/plugins/resolver',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

// Shared by every project's jest.config.js: Node environment, TypeScript as native ES modules
// through ts-jest with isolatedModules (type errors are the type-check step's job, not the test
// run's). ES modules because NestJS 12 ships only as ES modules; npm test runs Jest with
// --experimental-vm-modules for that.
module.exports = {
  testEnvironment: 'node',
  testMatch: ['**/?(*.)+(spec|test).ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', useESM: true }],
  },
  resolver: '@nx/jest/plugins/resolver',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

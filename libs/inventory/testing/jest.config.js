export default {
  displayName: 'inventory-testing',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
  passWithNoTests: true,
};

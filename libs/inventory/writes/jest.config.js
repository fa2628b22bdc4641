export default {
  displayName: 'inventory-writes',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

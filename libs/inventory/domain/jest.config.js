export default {
  displayName: 'inventory-domain',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

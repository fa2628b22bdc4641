export default {
  displayName: 'inventory-app',
  preset: '../../jest.preset.cjs',
  rootDir: '.',
};

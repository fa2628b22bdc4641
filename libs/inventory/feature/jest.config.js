export default {
  displayName: 'inventory',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

export default {
  displayName: 'config',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

export default {
  displayName: 'nbi',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

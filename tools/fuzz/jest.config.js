export default {
  displayName: 'fuzz-tools',
  preset: '../../jest.preset.cjs',
  rootDir: '.',
};

export default {
  displayName: 'testing',
  preset: '../../jest.preset.cjs',
  rootDir: '.',
};

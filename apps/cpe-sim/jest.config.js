export default {
  displayName: 'cpe-sim',
  preset: '../../jest.preset.cjs',
  rootDir: '.',
};

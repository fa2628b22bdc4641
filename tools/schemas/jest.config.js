export default {
  displayName: 'public-schemas',
  preset: '../../jest.preset.cjs',
  rootDir: '.',
};

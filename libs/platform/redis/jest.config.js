export default {
  displayName: 'redis',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

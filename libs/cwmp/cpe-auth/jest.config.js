export default {
  displayName: 'cpe-auth',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

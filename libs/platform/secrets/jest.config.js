export default {
  displayName: 'secrets',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

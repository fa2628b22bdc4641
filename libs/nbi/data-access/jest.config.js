export default {
  displayName: 'nbi-data-access',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

export default {
  displayName: 'firmware-feature',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

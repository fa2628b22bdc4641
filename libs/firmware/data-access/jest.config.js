export default {
  displayName: 'firmware-data-access',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

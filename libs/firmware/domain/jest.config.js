export default {
  displayName: 'firmware-domain',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

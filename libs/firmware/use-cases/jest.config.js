export default {
  displayName: 'firmware-use-cases',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

export default {
  displayName: 'firmware-app',
  preset: '../../jest.preset.cjs',
  rootDir: '.',
};

export default {
  displayName: 'device-store',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

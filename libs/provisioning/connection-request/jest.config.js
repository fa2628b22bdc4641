export default {
  displayName: 'connection-request',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

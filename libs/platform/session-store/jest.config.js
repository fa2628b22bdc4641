export default {
  displayName: 'session-store',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

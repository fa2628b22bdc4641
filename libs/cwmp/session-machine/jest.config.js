export default {
  displayName: 'cwmp-session-machine',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

export default {
  displayName: 'cwmp-session',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

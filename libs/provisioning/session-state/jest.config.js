export default {
  displayName: 'provisioning-session-state',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

export default {
  displayName: 'provisioning-app',
  preset: '../../jest.preset.cjs',
  rootDir: '.',
};

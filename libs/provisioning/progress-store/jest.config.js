export default {
  displayName: 'provisioning-progress-store',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

export default {
  displayName: 'provisioning-data-access',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

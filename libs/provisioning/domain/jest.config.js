export default {
  displayName: 'provisioning-domain',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

export default {
  displayName: 'provisioning-use-cases',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

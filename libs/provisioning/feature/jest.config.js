export default {
  displayName: 'provisioning',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

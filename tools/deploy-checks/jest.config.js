export default {
  displayName: 'deploy-checks',
  preset: '../../jest.preset.cjs',
  rootDir: '.',
};

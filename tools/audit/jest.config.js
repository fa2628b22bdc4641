export default {
  displayName: 'audit-tools',
  preset: '../../jest.preset.cjs',
  rootDir: '.',
};

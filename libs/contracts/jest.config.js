export default {
  displayName: 'contracts',
  preset: '../../jest.preset.cjs',
  rootDir: '.',
};

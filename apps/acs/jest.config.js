export default {
  displayName: 'acs',
  preset: '../../jest.preset.cjs',
  rootDir: '.',
};

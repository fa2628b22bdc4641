export default {
  displayName: 'cpe-simulator',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

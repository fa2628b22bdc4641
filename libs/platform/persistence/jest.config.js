export default {
  displayName: 'persistence',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

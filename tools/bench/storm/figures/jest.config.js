export default {
  displayName: 'bench-storm-figures',
  preset: '../../../../jest.preset.cjs',
  rootDir: '.',
};

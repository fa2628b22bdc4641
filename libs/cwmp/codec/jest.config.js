export default {
  displayName: 'cwmp-codec',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

export default {
  displayName: 'cwmp-codec',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};

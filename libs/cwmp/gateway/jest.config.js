export default {
  displayName: 'cwmp-gateway',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

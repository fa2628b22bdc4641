export default {
  displayName: 'cwmp-gateway-feature',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

export default {
  displayName: 'cwmp-gateway-app',
  preset: '../../jest.preset.cjs',
  rootDir: '.',
};

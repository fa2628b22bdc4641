export default {
  displayName: 'event-bus',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

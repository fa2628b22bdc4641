export default {
  displayName: 'inventory-posture',
  preset: '../../../jest.preset.cjs',
  rootDir: '.',
};

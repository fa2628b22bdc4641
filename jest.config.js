import { getJestProjectsAsync } from '@nx/jest';

export default async () => ({
  projects: await getJestProjectsAsync(),
  // The servers every suite shares (a real Kafka cluster, ...) start once per run.
  globalSetup: './libs/testing/jest/global-setup.mjs',
  globalTeardown: './libs/testing/jest/global-teardown.mjs',
});

/** Jest runs TypeScript through SWC (fast, keeps decorator metadata); `npm run typecheck` type-checks. */
const fs = require('node:fs');
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));

module.exports = {
  rootDir: __dirname,
  testEnvironment: '<rootDir>/test/support/typed-array-environment.js',
  roots: ['<rootDir>/test', '<rootDir>/sdk/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/test/support/openapi-contract/install-contract-checks.ts'],
};

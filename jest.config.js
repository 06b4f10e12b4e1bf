// Two projects: `unit` (pure logic, no I/O, plus static checks) and `e2e` (real Postgres, NATS and
// every app as a separate process, started once by the global setup).
'use strict';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = {
  '^@app/(contracts|platform|tenancy|testing|worker-sdk)$': '<rootDir>/libs/$1/src',
  '^@app/(contracts|platform|tenancy|testing|worker-sdk)/(.*)$': '<rootDir>/libs/$1/src/$2',
};

// The embedded servers' data folder (npm start) holds thousands of files no test is among.
const modulePathIgnorePatterns = ['<rootDir>/.megahub/'];

module.exports = {
  modulePathIgnorePatterns,
  // End-to-end tests wait for real processes (leases, retries); unit tests finish long before this.
  testTimeout: 90_000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swc },
      setupFiles: ['reflect-metadata'],
      moduleNameMapper,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/test/deploy/**/*.spec.ts'],
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swc },
      setupFiles: ['reflect-metadata'],
      moduleNameMapper,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
    },
    {
      // Fault injection: each scenario runs its own Postgres cluster and nats-server (never the machine's).
      displayName: 'chaos',
      rootDir: __dirname,
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swc },
      setupFiles: ['reflect-metadata'],
      moduleNameMapper,
      modulePathIgnorePatterns,
      testMatch: ['<rootDir>/test/chaos/**/*.chaos-spec.ts'],
    },
  ],
};

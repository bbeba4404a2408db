/** Transpile only (ts-jest follows tsconfig's isolatedModules): type checking runs once in `npm run typecheck`. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 30000,
  // Two workers even on 2 cores: the chaos suite mostly waits on a child process (leases, restarts), so it runs
  // beside the other suites instead of after them.
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/support/longFirstSequencer.js',
};

// Two projects: fast unit specs beside the code, and e2e specs that talk to a
// real Kafka broker and a real PostgreSQL (started/created by the global setup).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const shared = {
  rootDir: __dirname,
  // NestJS 12 and @platformatic/kafka ship ES modules; Jest's module loader cannot require() them, so they are transpiled too.
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|@platformatic|uid|path-to-regexp|load-esm|file-type|strtok3|token-types|@tokenizer)/)'],
  moduleNameMapper: {
    '^@app/(ocpi|messaging|platform|registration|testing)$': '<rootDir>/libs/$1/src',
    '^@app/(ocpi|messaging|platform|registration|testing)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testEnvironment: 'node',
};
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts,tools,deploy,bench}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/apps/*/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/e2e-setup.ts'],
    },
  ],
};

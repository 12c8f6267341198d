/** Tests run the TypeScript sources directly (transpiled per file); `npm test` type-checks first. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  // The browser tests start Chromium; two at once are enough for a 2-core machine.
  maxWorkers: 2,
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.test.json", diagnostics: false }],
  },
};

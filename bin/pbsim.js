#!/usr/bin/env node
"use strict";
// Runs the compiled command line (`npm ci` compiles it through the prepare script).
let cli;
try {
  cli = require("../build/src/cli/main.js");
} catch (error) {
  if (error && error.code === "MODULE_NOT_FOUND") {
    process.stderr.write("pbsim: the command line is not built yet; run `npm run build:cli` (npm ci does it).\n");
    process.exit(2);
  }
  throw error;
}
cli.main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`pbsim: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);

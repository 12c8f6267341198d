/**
 * The worker thread of journal-csv.ts. Plain JavaScript, so that the command line and the tests start the
 * same file: the command line runs the compiled journal-csv.js next to it; the tests run the sources, which
 * are transpiled as they load (TypeScript is then at hand, as a development dependency).
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { parentPort } = require("node:worker_threads");

if (!fs.existsSync(path.join(__dirname, "journal-csv.js"))) {
  const ts = require("typescript");
  const options = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  require.extensions[".ts"] = (module, file) => {
    module._compile(ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions: options, fileName: file }).outputText, file);
  };
}

require("./journal-csv").runJournalCsvWorker(parentPort);

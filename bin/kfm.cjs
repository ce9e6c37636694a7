#!/usr/bin/env node
// The kfm command. The TypeScript is compiled to dist/ by `npm ci` (the prepare script).
// CommonJS, and its first module (src/cli/start.ts) bundled alone, so that a build answered from
// the output cache starts without the ES module loader and loads nothing else.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const cli = join(__dirname, '..', 'dist', 'cli');

(async () => {
  const bundled = join(cli, 'start.cjs');
  const start = existsSync(bundled) ? require(bundled) : await import(pathToFileURL(join(cli, 'start.js')).href);
  if (start.answerFromCache(process.argv)) return;
  (await start.loadMain())(process.argv);
})();

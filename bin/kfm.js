#!/usr/bin/env node
// The kfm command. The TypeScript is compiled to dist/ by `npm ci` (the prepare script).
import { main } from '../dist/cli/main.js';

main(process.argv);

#!/usr/bin/env node
// The kfm command as an ES module path, for scripts that run bin/kfm.js: the command itself is
// bin/kfm.cjs (package.json's bin).
import './kfm.cjs';

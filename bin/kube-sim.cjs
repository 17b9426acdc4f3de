#!/usr/bin/env node
// kube-sim: a thin wrapper around the bundled CLI (built by `npm ci` / `npm run build`).
require('node:module').enableCompileCache?.();
require('../dist/cli.cjs');

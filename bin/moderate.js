#!/usr/bin/env node
'use strict';
// The CLI runs from the compiled output; `npm ci` builds it through the `prepare` script.
require('../dist/src/cli/main.js').runCli(process.argv);

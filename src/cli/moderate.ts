#!/usr/bin/env node
// The `moderate` executable (package.json `bin`): runs from the build, which `npm ci` makes
// through the `prepare` script.
import { runCli } from './main';

void runCli(process.argv);

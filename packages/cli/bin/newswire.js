#!/usr/bin/env node
import { run } from "../dist/main.js";

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  // A command that fails outside its own handling (the broker refusing, a file unreadable) ends
  // with one line that names the failure and exit code 1, not a stack trace.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`newswire: ${message}\n`);
  if (process.env.NEWSWIRE_DEBUG) process.stderr.write(`${error?.stack ?? ""}\n`);
  process.exitCode = 1;
}

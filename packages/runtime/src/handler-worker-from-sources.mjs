// The handler worker's entry when the runtime runs from its TypeScript sources (vitest, tsx):
// the worker thread registers tsx itself, since on Node 20 loader flags in a worker's execArgv
// are not applied. Built code (dist/) loads handler-worker.js directly.
import { register } from "tsx/esm/api";

register();
const { default: run } = await import("./handler-worker.ts");
export default run;

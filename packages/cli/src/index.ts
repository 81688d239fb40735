export { type Command, type CommandEntry, type CommandIo, EXIT } from "./command.js";
export { defaultIo, run } from "./main.js";

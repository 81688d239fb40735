import { createRequire } from "node:module";

type FilterAborted = (input: {
  messages: {
    offset: string;
    key: Buffer | null;
    batchContext: { producerId: string; inTransaction: boolean };
  }[];
  abortedTransactions: { producerId: string; firstOffset: string }[];
}) => { offset: string }[];

const require = createRequire(import.meta.url);

/**
 * True when the installed kafkajs filters every aborted transaction a fetch lists, the fix of
 * patches/kafkajs+2.2.4.patch (applied by `postinstall`). kafkajs 2.2.4 as published activates at
 * most one aborted transaction per message, so with two overlapping ones a read_committed
 * consumer is handed a rolled-back record. Pure: one call of the filter on a fetch of that shape.
 */
export function abortedFilterIsPatched(): boolean {
  const filter = require("kafkajs/src/consumer/filterAbortedMessages.js") as FilterAborted;
  const record = (offset: string, producerId: string) => ({
    offset,
    key: null,
    batchContext: { producerId, inTransaction: true },
  });
  // A fetch from offset 1: producer 7's aborted transaction began at 0 (before the fetch), 9's
  // at 1; the broker lists them in the order they ended.
  const kept = filter({
    messages: [record("1", "9"), record("3", "9")],
    abortedTransactions: [
      { producerId: "7", firstOffset: "0" },
      { producerId: "9", firstOffset: "1" },
    ],
  });
  return kept.length === 0;
}

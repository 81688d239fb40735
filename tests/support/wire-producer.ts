import { producerConfig } from "@newswire/runtime";
import type { Kafka, Producer } from "kafkajs";
import type { WireInput } from "./wire-inputs.js";

export interface SendOptions {
  /** Records per second; undefined = as fast as the broker takes them. */
  ratePerSec?: number;
  /** Records per send() call. */
  batchSize?: number;
  /** Called before each batch; resolve to go on (the broker-outage test pauses the feed here). */
  gate?: () => Promise<void>;
  /** Called with each record's send time (ms since epoch) after its batch was acknowledged. */
  onSent?: (input: WireInput, sentAt: number) => void;
}

/** An idempotent producer for wire.raw, like a feed adapter would use. */
export async function connectWireProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer(producerConfig());
  await producer.connect();
  return producer;
}

/**
 * Sends inputs to a topic, in order, each exactly once (a send that fails throws: the harness
 * never retries a batch on its own, which could duplicate records on wire.raw and blur the
 * conservation check).
 */
export async function sendInputs(
  producer: Producer,
  topic: string,
  inputs: readonly WireInput[],
  options: SendOptions = {},
): Promise<void> {
  const batchSize = options.batchSize ?? 50;
  const started = Date.now();
  let sent = 0;
  for (let i = 0; i < inputs.length; i += batchSize) {
    await options.gate?.();
    const batch = inputs.slice(i, i + batchSize);
    if (options.ratePerSec !== undefined) {
      const due = started + (sent * 1000) / options.ratePerSec;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await producer.send({
      topic,
      acks: -1,
      messages: batch.map((input) => ({
        key: input.key,
        value: input.value,
        headers: input.headers,
      })),
    });
    const now = Date.now();
    for (const input of batch) options.onSent?.(input, now);
    sent += batch.length;
  }
}

/** Connects a wire producer, sends `inputs` (see sendInputs), disconnects. */
export async function sendOnce(
  kafka: Kafka,
  topic: string,
  inputs: readonly WireInput[],
  options: SendOptions = {},
): Promise<void> {
  const producer = await connectWireProducer(kafka);
  try {
    await sendInputs(producer, topic, inputs, options);
  } finally {
    await producer.disconnect();
  }
}

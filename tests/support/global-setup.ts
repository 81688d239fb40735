import type { TestProject } from "vitest/node";
import { getStack, type StackConnection, stackEnv } from "./stack.js";

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackConnection;
  }
}

/**
 * Vitest global setup for the integration and faults projects: gets a real Kafka and S3 once
 * (see getStack), hands it to tests as `inject("stack")`, and also exports the shared
 * configuration names (KAFKA_BROKERS, S3_ENDPOINT, AWS_*...) so code that reads process.env
 * finds the same stack.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const stack = await getStack();
  const connection: StackConnection = {
    source: stack.source,
    kafkaBrokers: stack.kafkaBrokers,
    s3: stack.s3,
  };
  Object.assign(process.env, stackEnv(connection));
  project.provide("stack", connection);
  console.info(
    `[global-setup] ${stack.source}: kafka ${stack.kafkaBrokers.join(",")}, s3 ${stack.s3.endpoint} (${Date.now() - started} ms)`,
  );
  return () => stack.stop();
}

import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  assertKafkaEnv,
  consumerTimeouts,
  envInt,
  kafkaEnvSchema,
  loadConfig,
  serviceEnvSchema,
  topicsEnvSchema,
} from "./load-config.js";
import { ConfigError } from "./runtime-error.js";

const schema = z.object({
  ...kafkaEnvSchema.shape,
  ...serviceEnvSchema.shape,
  ...topicsEnvSchema.shape,
});

describe("loadConfig", () => {
  it("applies the local-stack defaults and freezes the result", () => {
    const config = loadConfig(schema, {});
    expect(config.KAFKA_BROKERS).toEqual(["127.0.0.1:9092"]);
    expect(config.TOPIC_RAW).toBe("wire.raw");
    expect(config.STATS_INTERVAL_MS).toBe(10_000);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("parses lists, integers and booleans from strings", () => {
    const config = loadConfig(schema, {
      KAFKA_BROKERS: "a:9092, b:9092,",
      HEALTH_PORT: "8080",
      KAFKA_SSL: "true",
    });
    expect(config.KAFKA_BROKERS).toEqual(["a:9092", "b:9092"]);
    expect(config.HEALTH_PORT).toBe(8080);
    expect(config.KAFKA_SSL).toBe(true);
  });

  it("names the variable and the problem when a value is invalid", () => {
    expect(() => loadConfig(schema, { HEALTH_PORT: "eighty" })).toThrow(
      "Invalid configuration: HEALTH_PORT is invalid: must be an integer between 0 and 65535",
    );
    expect(() => loadConfig(schema, { HEALTH_PORT: "70000" })).toThrow(
      "HEALTH_PORT is invalid: must be at most 65535",
    );
    expect(() => loadConfig(schema, { LOG_LEVEL: "loud" })).toThrow(
      "LOG_LEVEL is invalid: must be one of fatal, error, warn, info, debug, trace, silent",
    );
  });

  it("says a required variable is not set, and treats an empty value as unset", () => {
    const required = z.object({ S3_BUCKET: z.string(), PORT: envInt(1, 10) });
    const error = (() => {
      try {
        loadConfig(required, { S3_BUCKET: "" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      "Invalid configuration: S3_BUCKET is required but not set; PORT is required but not set",
    );
    expect((error as ConfigError).code).toBe("CONFIG_INVALID");
  });

  it("never echoes a value, since some are secrets", () => {
    expect(() => loadConfig(schema, { KAFKA_SSL: "hunter2" })).toThrow(
      /^Invalid configuration: KAFKA_SSL is invalid: must be true or false$/,
    );
  });

  it("stops on a KAFKA_BROKERS that is not host:port before any connection, naming the variable", () => {
    expect(() => loadConfig(schema, { KAFKA_BROKERS: "not a broker" })).toThrow(
      /^Invalid configuration: KAFKA_BROKERS is invalid: entry 1 is not host:port \(a host name or IP address, a port 1-65535\); separate brokers with commas$/,
    );
    for (const bad of [
      "kafka:0",
      "kafka:65536",
      "kafka",
      ":9092",
      "kafka:90x",
      "a:1,b",
      "http://kafka:9092",
    ]) {
      expect(() => loadConfig(schema, { KAFKA_BROKERS: bad }), bad).toThrow(
        "KAFKA_BROKERS is invalid",
      );
    }
    expect(() => loadConfig(schema, { KAFKA_BROKERS: "a:1,b" })).toThrow(
      "entry 2 is not host:port",
    );
    const good = loadConfig(schema, {
      KAFKA_BROKERS: "broker-1.kafka.svc:9092, 10.0.0.7:19092,[::1]:9093,localhost:65535",
    });
    expect(good.KAFKA_BROKERS).toEqual([
      "broker-1.kafka.svc:9092",
      "10.0.0.7:19092",
      "[::1]:9093",
      "localhost:65535",
    ]);
  });

  it("requires all SASL settings once any is set", () => {
    const config = loadConfig(schema, { KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "u" });
    expect(() => assertKafkaEnv(config)).toThrow(
      "Invalid configuration: KAFKA_SASL_PASSWORD is required when any KAFKA_SASL_* is set",
    );
  });

  it("takes the consumer's session and heartbeat timing, the heartbeat below the session", () => {
    expect(consumerTimeouts(loadConfig(schema, {}))).toEqual({
      sessionTimeoutMs: 15_000,
      heartbeatIntervalMs: 3_000,
    });
    expect(
      consumerTimeouts(
        loadConfig(schema, {
          KAFKA_SESSION_TIMEOUT_MS: "6000",
          KAFKA_HEARTBEAT_INTERVAL_MS: "500",
        }),
      ),
    ).toEqual({ sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 });
    expect(() =>
      consumerTimeouts(
        loadConfig(schema, {
          KAFKA_SESSION_TIMEOUT_MS: "6000",
          KAFKA_HEARTBEAT_INTERVAL_MS: "6000",
        }),
      ),
    ).toThrow("KAFKA_HEARTBEAT_INTERVAL_MS is invalid: must be below KAFKA_SESSION_TIMEOUT_MS");
    expect(() => loadConfig(schema, { KAFKA_SESSION_TIMEOUT_MS: "soon" })).toThrow(
      "KAFKA_SESSION_TIMEOUT_MS is invalid",
    );
  });
});

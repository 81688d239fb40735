import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./create-logger.js";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      callback();
    },
  });
  return { lines, destination };
}

describe("createLogger", () => {
  it("writes one JSON line per event with the service name", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "normalizer", destination });
    logger.info({ storyId: "s1" }, "published");
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? "{}");
    expect(line).toMatchObject({
      service: "normalizer",
      storyId: "s1",
      msg: "published",
      level: "info",
    });
  });

  it("redacts secrets wherever they appear", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "archiver", destination });
    logger.info(
      {
        AWS_SECRET_ACCESS_KEY: "s3-secret",
        config: { KAFKA_SASL_PASSWORD: "sasl-secret", sasl: { password: "p" } },
        request: { headers: { authorization: "Bearer token" } },
        credentials: { secretAccessKey: "s3-secret-2" },
      },
      "configured",
    );
    const text = lines.join("\n");
    for (const secret of ["s3-secret", "sasl-secret", "Bearer token", "s3-secret-2"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("[redacted]");
  });

  it("redacts secret-named fields at any depth and in any case, also inside errors and arrays", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "archiver", destination });
    const err = Object.assign(new Error("connect failed"), {
      sasl: { mechanism: "plain", username: "u", password: "in-error" },
    });
    logger.warn(
      { err, deep: { a: { b: { c: [{ Authorization: "Bearer deep" }] } } } },
      "broker refused",
    );
    const line = JSON.parse(lines[0] ?? "{}");
    expect(line.err.sasl).toBe("[redacted]");
    expect(line.err.message).toBe("connect failed");
    expect(line.deep.a.b.c[0].Authorization).toBe("[redacted]");
    expect(lines.join("\n")).not.toMatch(/in-error|Bearer deep/);
  });

  it("leaves a line without secret-named fields as pino wrote it, names in text included", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "normalizer", destination });
    logger.info({ reason: '"password": is only text here', storyId: "s2" }, "published");
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
      reason: '"password": is only text here',
      storyId: "s2",
    });
  });
});

import { describe, expect, it } from "vitest";
import { deadLetterMessage, decodeHeaders } from "./dead-letter.js";

describe("deadLetterMessage", () => {
  it("keeps key, value and original headers, and adds why and where it failed", () => {
    const value = Buffer.from([0xff, 0x00, 0x41]);
    const message = deadLetterMessage(
      { key: Buffer.from("k"), value, headers: { "wire-source": Buffer.from("afp") } },
      {
        code: "BINARY",
        message: "binary",
        stage: "normalizer",
        topic: "wire.raw",
        partition: 2,
        offset: "41",
      },
    );
    expect(message.value).toBe(value);
    expect(message.key?.toString()).toBe("k");
    expect(decodeHeaders(message.headers)).toEqual({
      "wire-source": "afp",
      "error-code": "BINARY",
      "error-message": "binary",
      "failed-stage": "normalizer",
      "original-topic": "wire.raw",
      "original-partition": "2",
      "original-offset": "41",
    });
  });

  it("bounds the error message", () => {
    const message = deadLetterMessage(
      { key: null, value: null },
      {
        code: "NO_BODY",
        message: "m".repeat(5000),
        stage: "s",
        topic: "t",
        partition: 0,
        offset: "0",
      },
    );
    expect(String(message.headers?.["error-message"]).length).toBe(1000);
  });
});

describe("decodeHeaders", () => {
  it("takes the first value of a repeated header", () => {
    expect(
      decodeHeaders({ a: [Buffer.from("1"), Buffer.from("2")], b: "x", c: undefined }),
    ).toEqual({
      a: "1",
      b: "x",
    });
  });
});

import { AccessDenied, NoSuchBucket, NoSuchKey, S3ServiceException } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { ArchiveError } from "./archive-error.js";
import { classifyS3Error } from "./classify-s3-error.js";

function serviceError(name: string, status: number, fault: "client" | "server" = "client") {
  return new S3ServiceException({
    name,
    $fault: fault,
    $metadata: { httpStatusCode: status },
    message: `${name} from server`,
  });
}

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
}

describe("classifyS3Error", () => {
  it.each([
    ["ECONNREFUSED", socketError("ECONNREFUSED")],
    ["ECONNRESET", socketError("ECONNRESET")],
    ["ETIMEDOUT", socketError("ETIMEDOUT")],
    ["ENOTFOUND", socketError("ENOTFOUND")],
    ["TimeoutError", Object.assign(new Error("socket timed out"), { name: "TimeoutError" })],
    ["InternalError 500", serviceError("InternalError", 500, "server")],
    ["ServiceUnavailable 503", serviceError("ServiceUnavailable", 503, "server")],
    ["unparsed 502", serviceError("Unknown", 502, "server")],
  ])("classifies %s as unavailable and retryable", (_label, error) => {
    const classified = classifyS3Error(error, { operation: "PutObject", bucket: "b", key: "k" });
    expect(classified.code).toBe("unavailable");
    expect(classified.retryable).toBe(true);
    expect(classified.fatal).toBe(false);
    expect(classified.cause).toBe(error);
  });

  it.each([
    ["SlowDown 503", serviceError("SlowDown", 503, "server")],
    ["429 without code", serviceError("Unknown", 429)],
  ])("classifies %s as throttled and retryable", (_label, error) => {
    const classified = classifyS3Error(error);
    expect(classified.code).toBe("throttled");
    expect(classified.retryable).toBe(true);
  });

  it.each([
    ["AccessDenied", new AccessDenied({ $metadata: { httpStatusCode: 403 }, message: "denied" })],
    ["InvalidAccessKeyId", serviceError("InvalidAccessKeyId", 403)],
    ["SignatureDoesNotMatch", serviceError("SignatureDoesNotMatch", 403)],
    ["HeadBucket 403 (no body)", serviceError("Forbidden", 403)],
    ["bare 401", serviceError("Unknown", 401)],
  ])("classifies %s as a fatal auth error, never retried", (_label, error) => {
    const classified = classifyS3Error(error);
    expect(classified.code).toBe("auth");
    expect(classified.retryable).toBe(false);
    expect(classified.fatal).toBe(true);
  });

  it("classifies NoSuchBucket as a fatal bucket error and keeps the S3 code", () => {
    const error = new NoSuchBucket({ $metadata: { httpStatusCode: 404 }, message: "gone" });
    const classified = classifyS3Error(error, { operation: "PutObject", bucket: "b", key: "k" });
    expect(classified).toMatchObject({
      code: "bucket",
      fatal: true,
      retryable: false,
      awsCode: "NoSuchBucket",
      statusCode: 404,
    });
    expect(classified.message).toContain("PutObject b/k failed (NoSuchBucket, HTTP 404)");
  });

  it("classifies other 4xx as rejected: this record, not the service", () => {
    for (const error of [
      serviceError("EntityTooLarge", 400),
      serviceError("InvalidArgument", 400),
      new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: "no key" }),
    ]) {
      const classified = classifyS3Error(error);
      expect(classified.code).toBe("rejected");
      expect(classified.retryable).toBe(false);
      expect(classified.fatal).toBe(false);
    }
  });

  it("classifies digest mismatches and clock skew as retryable", () => {
    expect(classifyS3Error(serviceError("BadDigest", 400)).code).toBe("integrity");
    expect(classifyS3Error(serviceError("RequestTimeTooSkewed", 403)).code).toBe("clock_skew");
    expect(classifyS3Error(serviceError("RequestTimeTooSkewed", 403)).retryable).toBe(true);
  });

  it("classifies an AbortError as aborted, not retryable", () => {
    const error = Object.assign(new Error("Request aborted"), { name: "AbortError" });
    expect(classifyS3Error(error).code).toBe("aborted");
    expect(classifyS3Error(error).retryable).toBe(false);
  });

  it("gives anything unrecognised the one default: unknown, retryable", () => {
    for (const error of [new TypeError("boom"), "a string", null, { weird: true }]) {
      const classified = classifyS3Error(error);
      expect(classified.code).toBe("unknown");
      expect(classified.retryable).toBe(true);
      expect(classified.fatal).toBe(false);
    }
  });

  it("returns an ArchiveError unchanged", () => {
    const error = new ArchiveError("invalid_input", "bad key");
    expect(classifyS3Error(error)).toBe(error);
  });
});

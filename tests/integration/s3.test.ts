import { createHash, randomBytes } from "node:crypto";
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { createBucket, stackConnection, testS3 } from "../support/resources.js";

// The client as the project uses it: current SDK, default checksum settings (CRC32 on PUT).
const s3 = testS3();
afterAll(() => s3.destroy());

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

async function getBytes(bucket: string, key: string): Promise<Uint8Array> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (object.Body === undefined) throw new Error(`no body for ${key}`);
  return object.Body.transformToByteArray();
}

async function refusal(promise: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof S3ServiceException) {
      return { name: error.name, status: error.$metadata.httpStatusCode };
    }
    throw error;
  }
  throw new Error("request with wrong credentials was accepted");
}

describe("@aws-sdk/client-s3 against the real S3 server", () => {
  it("creates a bucket, puts, heads, gets byte-identical, overwrites and lists", async () => {
    const bucket = await createBucket(s3);
    const key = "originals/2026/11/27/test-feed/abc123.xml";
    const first = new Uint8Array(randomBytes(1024 * 1024 + 17));

    const put = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: first,
        ContentType: "application/xml",
        Metadata: { feed: "test-feed" },
      }),
    );
    expect(put.ETag).toBeTruthy();

    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentLength).toBe(first.byteLength);
    expect(head.ContentType).toBe("application/xml");
    expect(head.Metadata).toEqual({ feed: "test-feed" });

    expect(sha256(await getBytes(bucket, key))).toBe(sha256(first));

    // Same key again with other bytes: the object is replaced, not duplicated.
    const second = new TextEncoder().encode("<story>second version – ünïcode</story>");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: second }));
    expect(sha256(await getBytes(bucket, key))).toBe(sha256(second));

    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "other/one.txt", Body: "one" }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual([key, "other/one.txt"]);
    expect(listed.Contents?.find((o) => o.Key === key)?.Size).toBe(second.byteLength);

    const prefixed = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: "originals/" }),
    );
    expect((prefixed.Contents ?? []).map((o) => o.Key)).toEqual([key]);
  });

  it("refuses requests with wrong credentials", async () => {
    const bucket = await createBucket(s3);
    const { accessKeyId, secretAccessKey } = stackConnection().s3;

    const wrongSecret = testS3({ accessKeyId, secretAccessKey: `${secretAccessKey}-wrong` });
    const unknownKey = testS3({ accessKeyId: "not-a-known-key", secretAccessKey });
    try {
      const denied = [
        await refusal(
          wrongSecret.send(new PutObjectCommand({ Bucket: bucket, Key: "x", Body: "x" })),
        ),
        await refusal(wrongSecret.send(new ListObjectsV2Command({ Bucket: bucket }))),
        await refusal(unknownKey.send(new GetObjectCommand({ Bucket: bucket, Key: "x" }))),
      ];
      for (const refused of denied) {
        expect(refused.status).toBe(403);
        expect(["SignatureDoesNotMatch", "InvalidAccessKeyId", "AccessDenied"]).toContain(
          refused.name,
        );
      }
    } finally {
      wrongSecret.destroy();
      unknownKey.destroy();
    }

    // Nothing was written by the refused PUT.
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents ?? []).toEqual([]);
  });
});

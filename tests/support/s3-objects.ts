import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from "@aws-sdk/client-s3";
import { sha256 } from "./wire-inputs.js";

export interface S3Object {
  key: string;
  /** sha256 of the bytes a GET returned. */
  sha256: string;
  size: number;
  metadata: Record<string, string>;
}

/** Every key in the bucket (all pages). */
export async function listKeys(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return keys;
}

/** Every object in the bucket, each read with a real GET: the bytes' sha256 and its metadata. */
export async function readObjects(
  s3: S3Client,
  bucket: string,
  concurrency = 16,
): Promise<S3Object[]> {
  const keys = await listKeys(s3, bucket);
  const out: S3Object[] = [];
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++] as string;
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      out.push({ key, sha256: sha256(bytes), size: bytes.length, metadata: object.Metadata ?? {} });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/**
 * Reads the bucket until it holds `count` objects or the time is up. While the archiver is still
 * writing, S3Proxy's filesystem store can list an object whose GET then fails (its overwrite is
 * not atomic), so a failed read is retried, not trusted; the caller asserts on what it returns.
 */
export async function readObjectsWhenFilled(
  s3: S3Client,
  bucket: string,
  count: number,
  timeoutMs: number,
): Promise<S3Object[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const objects = await readObjects(s3, bucket).catch(() => undefined);
    if (objects && objects.length >= count) return objects;
    if (Date.now() >= deadline) return objects ?? readObjects(s3, bucket);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Deletes every object in a bucket, then the bucket. */
export async function deleteBucket(s3: S3Client, bucket: string): Promise<void> {
  const keys = await listKeys(s3, bucket);
  // DeleteObjects takes at most 1,000 keys a call (S3 API reference).
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: batch.map((Key) => ({ Key })) },
      }),
    );
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}

/**
 * S3Proxy's filesystem store writes a PUT to "<key>-<uuid>" and renames it when done; a PUT cut
 * off (the server stopped, or the client killed mid-upload) can leave that file, and it is listed
 * as an object. Real S3 has no such thing: the retried PUT of the real key is what counts.
 */
export const isS3ProxyPartialUpload = (key: string): boolean =>
  /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key);

import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import {
  ARCHIVE_METADATA,
  type ArchiveObject,
  ArchiveWriter,
  createArchive,
  createS3Client,
  type S3Settings,
} from "@newswire/archive";
import { archiveKey } from "@newswire/core";
import { afterAll, describe, expect, it } from "vitest";
import {
  deleteBucket,
  registerCleanup,
  stackConnection,
  uniqueBucket,
} from "../support/resources.js";

const { s3 } = stackConnection();
const settings: S3Settings = {
  endpoint: s3.endpoint,
  region: s3.region,
  forcePathStyle: s3.forcePathStyle,
  credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
};
const client = createS3Client(settings);
afterAll(() => client.destroy());

const corpusDir = fileURLToPath(new URL("../fixtures/corpus/", import.meta.url));
const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** A fresh bucket name for one test; the bucket and its objects go when the test ends. */
function testBucket(): string {
  const bucket = uniqueBucket("archive");
  registerCleanup(() => deleteBucket(client, bucket).catch(() => undefined));
  return bucket;
}

async function listKeys(bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
    );
    for (const item of page.Contents ?? []) if (item.Key !== undefined) keys.push(item.Key);
    token = page.NextContinuationToken;
  } while (token !== undefined);
  return keys;
}

function record(body: Uint8Array, overrides: Partial<ArchiveObject> = {}): ArchiveObject {
  const receivedAt = "2026-11-27T21:05:00.000Z";
  const feed = overrides.feed ?? "test-feed";
  return {
    key: archiveKey({ receivedAt, feed, id: sha256(body).slice(0, 32), ext: "txt" }),
    body,
    sha256: sha256(body),
    contentType: "text/plain; charset=utf-8",
    receivedAt,
    feed,
    kafka: { topic: "wire.raw", partition: 2, offset: "41" },
    ...overrides,
  };
}

/** Forwards TCP connections from a local port to the S3 server while it is open. */
class Relay {
  #server: Server | undefined;
  #sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    private readonly target: URL,
  ) {}

  static async onFreePort(target: URL): Promise<Relay> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const address = probe.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return new Relay(address.port, target);
  }

  async open(): Promise<void> {
    const server = createServer((inbound) => {
      const outbound = createConnection(Number(this.target.port), this.target.hostname);
      for (const socket of [inbound, outbound]) {
        this.#sockets.add(socket);
        socket.on("close", () => this.#sockets.delete(socket));
        socket.on("error", () => socket.destroy());
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.#server = server;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe("ArchiveWriter against a real S3 server", () => {
  it("ensureBucket creates the bucket once and is idempotent, also when raced", async () => {
    const bucket = testBucket();
    const writer = createArchive({ client, bucket });
    expect(await writer.ensureBucket()).toBe("created");
    expect(await writer.ensureBucket()).toBe("exists");

    const raced = testBucket();
    const writers = Array.from({ length: 5 }, () => createArchive({ client, bucket: raced }));
    const outcomes = await Promise.all(writers.map((each) => each.ensureBucket()));
    expect(outcomes.filter((outcome) => outcome === "created").length).toBeLessThanOrEqual(1);
    expect(await listKeys(raced)).toEqual([]);
  });

  it("stores every corpus file byte-identical with its sha256, metadata and content type", async () => {
    const bucket = testBucket();
    const writer = createArchive({ client, bucket });
    await writer.ensureBucket();
    const names = (await readdir(corpusDir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => `${entry.parentPath}/${entry.name}`);
    expect(names.length).toBeGreaterThan(10);
    const allBytes = Uint8Array.from({ length: 256 }, (_, index) => index);
    const bodies = [allBytes, ...(await Promise.all(names.map((name) => readFile(name))))];

    for (const [index, body] of bodies.entries()) {
      const object = record(body, {
        kafka: { topic: "wire.raw", partition: 1, offset: String(1000 + index) },
        wireId: `item-${index}`,
      });
      const result = await writer.put(object);
      expect(result).toMatchObject({ key: object.key, sha256: sha256(body) });

      const stored = await writer.read(object.key);
      expect(Buffer.from(stored.body).equals(Buffer.from(body))).toBe(true);
      expect(sha256(stored.body)).toBe(object.sha256);
      // S3Proxy stores the media type re-serialised without the space after ";".
      expect(stored.contentType?.replace(/;\s*/g, "; ")).toBe("text/plain; charset=utf-8");
      expect(stored.metadata).toEqual({
        [ARCHIVE_METADATA.sha256]: sha256(body),
        [ARCHIVE_METADATA.receivedAt]: "2026-11-27T21:05:00.000Z",
        [ARCHIVE_METADATA.feed]: "test-feed",
        [ARCHIVE_METADATA.kafkaTopic]: "wire.raw",
        [ARCHIVE_METADATA.kafkaPartition]: "1",
        [ARCHIVE_METADATA.kafkaOffset]: String(1000 + index),
        [ARCHIVE_METADATA.wireId]: `item-${index}`,
        [ARCHIVE_METADATA.contentType]: "text/plain; charset=utf-8",
      });
    }
  });

  it("keeps what a replay needs: the content-type header as sent, the record key, no feed when none", async () => {
    const writer = createArchive({ client, bucket: testBucket() });
    await writer.ensureBucket();
    const body = new TextEncoder().encode("Replay me\n\nBody text.\n");
    await writer.put({
      key: "originals/2026/11/27/unknown/replay.txt",
      body,
      contentType: "text/plain; charset=ISO-8859-1",
      receivedAt: "2026-11-27T21:05:00.000Z",
      feed: null,
      kafka: { topic: "wire.raw", partition: 2, offset: "7" },
      recordKey: new TextEncoder().encode("item 42 é"),
    });
    const stored = await writer.read("originals/2026/11/27/unknown/replay.txt");
    expect(stored.metadata[ARCHIVE_METADATA.contentType]).toBe("text/plain; charset=ISO-8859-1");
    expect(stored.metadata[ARCHIVE_METADATA.kafkaKey]).toBe("item 42 é");
    expect(stored.metadata).not.toHaveProperty(ARCHIVE_METADATA.feed);
    expect(stored.metadata).not.toHaveProperty(ARCHIVE_METADATA.cut);
    const keys: string[] = [];
    for await (const entry of writer.list("originals/2026/11/27/unknown/")) keys.push(entry.key);
    expect(keys).toEqual(["originals/2026/11/27/unknown/replay.txt"]);
    expect(await writer.probe()).toBe(true);
    expect(writer.healthy()).toBe(true);
  });

  it("stores a 2 MB original byte-identical", async () => {
    const bucket = testBucket();
    const writer = createArchive({ client, bucket });
    await writer.ensureBucket();
    const body = new Uint8Array(2 * 1024 * 1024);
    for (let index = 0; index < body.length; index++) body[index] = (index * 7919) % 251;
    const object = record(body, { contentType: "application/octet-stream" });
    await writer.put(object);
    const stored = await writer.read(object.key);
    expect(stored.body.byteLength).toBe(body.byteLength);
    expect(sha256(stored.body)).toBe(sha256(body));
  });

  it("writing the same record twice leaves one object with the same bytes", async () => {
    const bucket = testBucket();
    const writer = createArchive({ client, bucket });
    await writer.ensureBucket();
    const object = record(new TextEncoder().encode("BEIJING (Reuters) - replayed story\n"));
    const first = await writer.put(object);
    const second = await writer.put({
      ...object,
      kafka: { ...object.kafka, offset: "99" },
    });
    expect(second.etag).toBe(first.etag);
    expect(await listKeys(bucket)).toEqual([object.key]);
    const stored = await writer.read(object.key);
    expect(sha256(stored.body)).toBe(object.sha256);
    // The replay's own Kafka position is the one kept.
    expect(stored.metadata[ARCHIVE_METADATA.kafkaOffset]).toBe("99");
  });

  it("turns hostile feed, wire-id and content type into a safe key and safe metadata", async () => {
    const bucket = testBucket();
    const writer = createArchive({ client, bucket });
    await writer.ensureBucket();
    const body = new TextEncoder().encode("hostile headers, ordinary story\n");
    const hostileFeeds = [
      "../../etc/passwd",
      "..",
      "feed/with/slashes\\and\\backslashes",
      `\u0000\u0001\r\nX-Injected: yes${"\u0007".repeat(50)}`,
      "x".repeat(10_000),
      "\u{1f4f0} Agence \u00e9trang\u00e8re \u4e2d\u6587",
    ];
    for (const [index, feed] of hostileFeeds.entries()) {
      const wireId = `${"../".repeat(20)}\u0000${"\u00ff\r\n".repeat(3_000)}-${index}`;
      const object = record(body, {
        feed,
        wireId,
        contentType: "text/plain\r\nX-Evil: 1",
        key: archiveKey({ receivedAt: "2026-11-27T21:05:00Z", feed, id: sha256(body), ext: "txt" }),
        kafka: { topic: "wire.raw", partition: 0, offset: String(index) },
      });
      expect(object.key).toMatch(/^originals\/2026\/11\/27\/[a-z0-9._-]+\/[0-9a-f]{64}\.txt$/);
      expect(object.key.split("/")).not.toContain("..");
      await writer.put(object);
      const stored = await writer.read(object.key);
      expect(sha256(stored.body)).toBe(sha256(body));
      expect(stored.contentType).toBe("application/octet-stream");
      const storedFeed = stored.metadata[ARCHIVE_METADATA.feed] ?? "";
      const storedWireId = stored.metadata[ARCHIVE_METADATA.wireId] ?? "";
      expect(feed.startsWith(storedFeed)).toBe(true);
      expect(storedFeed.length).toBeGreaterThan(0);
      expect(wireId.startsWith(storedWireId)).toBe(true);
      expect(storedWireId.length).toBeGreaterThan(0);
    }
    for (const key of await listKeys(bucket)) {
      expect(key.startsWith("originals/2026/11/27/")).toBe(true);
    }
  });

  it("stores an original whose receivedAt is an invalid Date, without received-at", async () => {
    const bucket = testBucket();
    const writer = createArchive({ client, bucket });
    await writer.ensureBucket();
    const object = record(new TextEncoder().encode("undated\n"), { receivedAt: new Date("nope") });
    await writer.put(object);
    const stored = await writer.read(object.key);
    expect(stored.metadata).not.toHaveProperty(ARCHIVE_METADATA.receivedAt);
    expect(stored.metadata[ARCHIVE_METADATA.sha256]).toBe(object.sha256);
  });

  it("a put into a missing bucket is a fatal bucket error: the archiver creates it at start, never per record", async () => {
    const bucket = testBucket();
    const writer = createArchive({ client, bucket });
    const object = record(new TextEncoder().encode("first story into a fresh archive\n"));
    await expect(writer.put(object)).rejects.toMatchObject({
      code: "bucket",
      fatal: true,
      awsCode: "NoSuchBucket",
    });
    expect(await writer.ensureBucket()).toBe("created");
    await writer.put(object);
    expect(sha256((await writer.read(object.key)).body)).toBe(object.sha256);
  });

  it("wrong credentials fail at once as a fatal auth error, without retrying", async () => {
    const bucket = testBucket();
    await createArchive({ client, bucket }).ensureBucket();
    const badClient = createS3Client({
      ...settings,
      credentials: { accessKeyId: "newswire", secretAccessKey: "not-the-secret" },
    });
    registerCleanup(async () => badClient.destroy());
    const retries: number[] = [];
    const writer = createArchive({ client: badClient, bucket });
    const error = await writer.put(record(new TextEncoder().encode("x"))).catch((t: unknown) => t);
    expect(error).toMatchObject({ code: "auth", fatal: true, retryable: false });
    // ensureBucket's retry loop does not retry a fatal error either.
    const ensured = await writer
      .ensureBucket({ retry: true, onRetry: (info) => retries.push(info.attempt) })
      .catch((thrown: unknown) => thrown);
    expect(ensured).toMatchObject({ code: "auth", fatal: true });
    expect(retries).toEqual([]);

    const unknownKey = createArchive({
      client: createS3Client({
        ...settings,
        credentials: { accessKeyId: "nobody", secretAccessKey: "not-the-secret" },
      }),
      bucket,
    });
    await expect(unknownKey.put(record(new TextEncoder().encode("x")))).rejects.toMatchObject({
      code: "auth",
      fatal: true,
    });
  });

  it("ensureBucket({ retry }) keeps retrying an unreachable endpoint and stops on abort", async () => {
    const relay = await Relay.onFreePort(new URL(s3.endpoint));
    const unreachable = createS3Client({ ...settings, endpoint: `http://127.0.0.1:${relay.port}` });
    registerCleanup(async () => unreachable.destroy());
    const writer = new ArchiveWriter({
      client: unreachable,
      bucket: "never-reached",
      backoff: { initialMs: 10, maxMs: 50 },
    });
    const controller = new AbortController();
    const attempts: number[] = [];
    const error = await writer
      .ensureBucket({
        retry: true,
        signal: controller.signal,
        onRetry: ({ attempt, error: cause }) => {
          attempts.push(attempt);
          expect(cause.code).toBe("unavailable");
          if (attempt === 10) controller.abort();
        },
      })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: "aborted" });
    expect(attempts).toHaveLength(10);
  });

  it("ensureBucket({ retry }) waits while S3 is unreachable and completes once it is back", async () => {
    const bucket = testBucket();
    const relay = await Relay.onFreePort(new URL(s3.endpoint));
    registerCleanup(() => relay.close());
    const flaky = createS3Client({ ...settings, endpoint: `http://127.0.0.1:${relay.port}` });
    registerCleanup(async () => flaky.destroy());
    const warnings: Record<string, unknown>[] = [];
    const writer = new ArchiveWriter({
      client: flaky,
      bucket,
      logger: { warn: (obj) => warnings.push(obj), info() {} },
      backoff: { initialMs: 20, maxMs: 200 },
    });
    let attempts = 1;
    const created = await writer.ensureBucket({
      retry: true,
      onRetry: ({ attempt }) => {
        attempts = attempt + 1;
        if (attempt === 4) void relay.open();
      },
    });
    expect(created).toBe("created");
    expect(attempts).toBeGreaterThanOrEqual(5);
    expect(warnings.length).toBe(attempts - 1);
    expect(warnings[0]).toMatchObject({ errorCode: "unavailable", attempt: 1 });
    const object = record(new TextEncoder().encode("story written after an S3 outage\n"));
    await writer.put(object);
    const stored = await createArchive({ client, bucket }).read(object.key);
    expect(sha256(stored.body)).toBe(object.sha256);
  });
});

import { execFile } from "node:child_process";

/** One record as kcat (librdkafka) read it. */
export interface KcatRecord {
  partition: number;
  offset: number;
  key: string | null;
  /** The value as text (kcat prints it as a JSON string), null for a tombstone. */
  payload: string | null;
  headers: Record<string, string>;
}

export type Isolation = "read_committed" | "read_uncommitted";

/** kcat -J prints headers as ["name", "value", ...]; older builds as an object. */
function headersOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) out[String(raw[i])] = String(raw[i + 1]);
  } else if (typeof raw === "object" && raw !== null) {
    for (const [name, value] of Object.entries(raw)) out[name] = String(value);
  }
  return out;
}

/**
 * Reads a whole topic with kcat, an independent client (librdkafka, its own aborted-transaction
 * filter): `kcat -C -J -e` with the given isolation, from the beginning to the end of every
 * partition (for read_committed: the last stable offset). Throws when kcat fails or a line is no
 * JSON record.
 */
export async function kcatRead(
  brokers: readonly string[],
  topic: string,
  isolation: Isolation = "read_committed",
  timeoutMs = 180_000,
): Promise<KcatRecord[]> {
  const args = [
    "-C",
    "-b",
    brokers.join(","),
    "-t",
    topic,
    "-o",
    "beginning",
    "-e",
    "-q",
    "-J",
    "-X",
    `isolation.level=${isolation}`,
  ];
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      "kcat",
      args,
      { encoding: "utf8", maxBuffer: 1024 * 1024 * 1024, timeout: timeoutMs },
      (error, out, err) => {
        if (error) reject(new Error(`kcat ${args.join(" ")} failed: ${error.message} ${err}`));
        else resolve(out);
      },
    );
  });
  const records: KcatRecord[] = [];
  for (const line of stdout.split("\n")) {
    if (line.trim() === "") continue;
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`kcat printed a line that is no JSON record: ${line.slice(0, 200)}`);
    }
    records.push({
      partition: Number(parsed.partition),
      offset: Number(parsed.offset),
      key: typeof parsed.key === "string" ? parsed.key : null,
      payload: typeof parsed.payload === "string" ? parsed.payload : null,
      headers: headersOf(parsed.headers),
    });
  }
  return records;
}

/** Records per partition, as a short line for diagnostics. */
export function perPartition(records: readonly KcatRecord[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const r of records) out[r.partition] = (out[r.partition] ?? 0) + 1;
  return out;
}

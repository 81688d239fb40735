import { readdirSync, readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/**
 * The functions with the most self time in V8 .cpuprofile files (node --cpu-prof), summed over
 * every profile in a directory: "where does the service spend its CPU".
 */
export function topSelfTime(dir: string, count = 15): string[] {
  const totals = new Map<string, number>();
  let all = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(`${dir}/${file}`, "utf8")) as { nodes: ProfileNode[] };
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (hits === 0) continue;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url.replace(/^file:\/\//, "").replace(/.*\/node_modules\//, "~/");
      const name = `${functionName || "(anonymous)"} ${where.replace(/^.*\/work\/main\//, "")}:${lineNumber + 1}`;
      totals.set(name, (totals.get(name) ?? 0) + hits);
      all += hits;
    }
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, hits]) => `${((100 * hits) / all).toFixed(1).padStart(5)}%  ${name}`);
}

/** Self time grouped by package (node_modules/<pkg>, packages/<pkg>, node internals). */
export function selfTimeByPackage(dir: string): string[] {
  const totals = new Map<string, number>();
  let all = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(`${dir}/${file}`, "utf8")) as { nodes: ProfileNode[] };
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (hits === 0) continue;
      const url = node.callFrame.url;
      const pkg =
        /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
        /\/(packages|services)\/([^/]+)\//.exec(url)?.slice(1, 3).join("/") ??
        (url.startsWith("node:") ? "node internals" : node.callFrame.functionName || "(vm)");
      totals.set(pkg, (totals.get(pkg) ?? 0) + hits);
      all += hits;
    }
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([pkg, hits]) => `${((100 * hits) / all).toFixed(1).padStart(5)}%  ${pkg}`);
}

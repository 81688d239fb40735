import { readdirSync, readFileSync } from "node:fs";
import { repoRoot } from "../../tests/support/paths.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** Calls `visit` with every sampled node (hitCount > 0) of every .cpuprofile file in `dir`. */
function eachSampledNode(dir: string, visit: (node: ProfileNode, hits: number) => void): number {
  let all = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(`${dir}/${file}`, "utf8")) as { nodes: ProfileNode[] };
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      if (hits === 0) continue;
      visit(node, hits);
      all += hits;
    }
  }
  return all;
}

/** The `count` largest totals as "  12.3%  name" lines. */
function shares(totals: Map<string, number>, all: number, count: number): string[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, hits]) => `${((100 * hits) / all).toFixed(1).padStart(5)}%  ${name}`);
}

/**
 * The functions with the most self time in V8 .cpuprofile files (node --cpu-prof), summed over
 * every profile in a directory: "where does the service spend its CPU".
 */
export function topSelfTime(dir: string, count = 15): string[] {
  const totals = new Map<string, number>();
  const all = eachSampledNode(dir, (node, hits) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^file:\/\//, "").replace(/.*\/node_modules\//, "~/");
    // Paths in profiles are absolute: shown from the repository root, whatever the checkout.
    const shown = where.startsWith(repoRoot) ? where.slice(repoRoot.length) : where;
    const name = `${functionName || "(anonymous)"} ${shown}:${lineNumber + 1}`;
    totals.set(name, (totals.get(name) ?? 0) + hits);
  });
  return shares(totals, all, count);
}

/** Self time grouped by package (node_modules/<pkg>, packages/<pkg>, node internals). */
export function selfTimeByPackage(dir: string): string[] {
  const totals = new Map<string, number>();
  const all = eachSampledNode(dir, (node, hits) => {
    const url = node.callFrame.url;
    const pkg =
      /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
      /\/(packages|services)\/([^/]+)\//.exec(url)?.slice(1, 3).join("/") ??
      (url.startsWith("node:") ? "node internals" : node.callFrame.functionName || "(vm)");
    totals.set(pkg, (totals.get(pkg) ?? 0) + hits);
  });
  return shares(totals, all, 12);
}

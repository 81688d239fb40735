import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { METRIC_DEFINITIONS } from "@newswire/runtime";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";

// The alert rules, their promtool tests, the dashboard and the runbook are one set: every rule
// tested and documented, every metric they name exported by the services, every query valid.

const read = (path: string) => readFileSync(`${repoRoot}${path}`, "utf8");
const rules = read("infra/prometheus/alerts.yml");
const ruleTests = read("infra/prometheus/alerts.test.yml");
const dashboard = JSON.parse(read("infra/grafana/dashboards/newswire.json")) as {
  panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[];
};
const runbook = read("docs/OPERATIONS.md");

/** promtool from Debian's prometheus package (.ci/run installs it when missing). */
function promtool(args: string[]): string {
  try {
    return execFileSync("promtool", args, { cwd: repoRoot, encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    const failure = error as { code?: string; stdout?: string; stderr?: string };
    if (failure.code === "ENOENT") {
      throw new Error("promtool is not installed: apt-get install prometheus (.ci/run does)");
    }
    throw new Error(`promtool ${args.join(" ")} failed:\n${failure.stdout}${failure.stderr}`);
  }
}

const alertNames = [...rules.matchAll(/^\s*- alert: (\w+)$/gm)].map((m) => m[1] as string);

/** newswire_* names a query uses, with histogram and prom-client process suffixes resolved. */
function metricsNamed(text: string): string[] {
  return [...new Set([...text.matchAll(/\bnewswire_[a-z0-9_]+/g)].map((m) => m[0]))];
}

const exported = new Set<string>(Object.values(METRIC_DEFINITIONS).map((d) => d.name));
const isExported = (name: string): boolean =>
  exported.has(name) ||
  exported.has(name.replace(/_(bucket|sum|count)$/, "")) ||
  // prom-client's default process and Node metrics, under the newswire_ prefix.
  /^newswire_(process|nodejs)_/.test(name);

describe("the alert rules", () => {
  it("pass promtool check and their unit tests (promtool test rules)", () => {
    expect(promtool(["check", "rules", "infra/prometheus/alerts.yml"])).toContain("SUCCESS");
    expect(promtool(["test", "rules", "infra/prometheus/alerts.test.yml"])).toContain("SUCCESS");
    expect(promtool(["check", "config", "infra/prometheus/prometheus.yml"])).toContain("SUCCESS");
  });

  it("cover a quiet feed, the DLQ rate, growing lag, S3 errors and a service down", () => {
    expect(alertNames).toEqual(
      expect.arrayContaining([
        "NewswireFeedQuiet",
        "NewswireDeadLetterRateHigh",
        "NewswireConsumerLagGrowing",
        "NewswireS3Errors",
        "NewswireServiceDown",
      ]),
    );
  });

  it.each(alertNames)("%s fires in a promtool test and has a runbook section", (name) => {
    expect(ruleTests).toMatch(
      new RegExp(`alertname: ${name}\\n\\s+exp_alerts:\\n\\s+- exp_labels`),
    );
    expect(runbook).toContain(`### ${name}`);
    expect(rules).toContain(`runbook: docs/OPERATIONS.md#${name.toLowerCase()}`);
  });

  it("name only metrics the services export", () => {
    const unknown = metricsNamed(rules).filter((name) => !isExported(name));
    expect(unknown).toEqual([]);
  });

  it("take the feed-quiet window from the normalizer's configuration, not a constant", () => {
    const rule = rules.slice(rules.indexOf("- alert: NewswireFeedQuiet"));
    const expr = rule.slice(0, rule.indexOf("for:"));
    expect(expr).toContain("newswire_feed_quiet_window_seconds");
    expect(expr).not.toMatch(/>\s*\d/);
  });
});

describe("the Grafana dashboard", () => {
  const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));

  it("reads the provisioned datasource", () => {
    const uid = /uid: (\S+)/.exec(
      read("infra/grafana/provisioning/datasources/prometheus.yml"),
    )?.[1];
    for (const panel of dashboard.panels) expect(panel.datasource.uid, panel.title).toBe(uid);
  });

  it("names only metrics the services export", () => {
    const unknown = exprs.flatMap(metricsNamed).filter((name) => !isExported(name));
    expect(unknown).toEqual([]);
  });

  it("shows every metric of the list at least once", () => {
    const shown = new Set(
      exprs.flatMap(metricsNamed).map((n) => n.replace(/_(bucket|sum|count)$/, "")),
    );
    const missing = [...exported].filter((name) => !shown.has(name));
    expect(missing).toEqual([]);
  });

  it("has queries Prometheus parses (checked by promtool as recording rules)", () => {
    const dir = mkdtempSync(join(tmpdir(), "newswire-dashboard-"));
    try {
      const file = join(dir, "dashboard-queries.yml");
      const lines = ["groups:", "  - name: dashboard", "    rules:"];
      exprs.forEach((expr, index) => {
        // Grafana's own variables become what Grafana would put there.
        const query = expr.replaceAll("$__rate_interval", "5m");
        lines.push(
          `      - record: dashboard:query_${index}`,
          `        expr: ${JSON.stringify(query)}`,
        );
      });
      writeFileSync(file, `${lines.join("\n")}\n`);
      expect(promtool(["check", "rules", file])).toContain(`SUCCESS: ${exprs.length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("docker-compose.yml", () => {
  const compose = read("docker-compose.yml");

  it("runs Prometheus with these rules and Grafana with this dashboard, wired to the services", () => {
    expect(compose).toContain("./infra/prometheus:/etc/prometheus:ro");
    expect(compose).toContain("./infra/grafana/provisioning:/etc/grafana/provisioning:ro");
    expect(compose).toContain("./infra/grafana/dashboards:/var/lib/grafana/dashboards:ro");
    const scrape = read("infra/prometheus/prometheus.yml");
    for (const [service, port] of [
      ["normalizer", 9464],
      ["enricher", 9465],
      ["archiver", 9466],
    ] as const) {
      expect(scrape).toContain(`"${service}:${port}"`);
      const block = compose.slice(compose.indexOf(`  ${service}:\n`));
      expect(block.slice(0, block.indexOf("image:"))).toContain(`HEALTH_PORT: "${port}"`);
    }
  });
});

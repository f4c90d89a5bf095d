import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { parseManifests, REPO_ROOT, requireTool, run } from "../src/index.ts";

const PROM = join(REPO_ROOT, "monitoring/prometheus");

function promtool(...args: string[]) {
  const out = run([requireTool("promtool"), ...args], { cwd: PROM });
  return { ...out, text: `${out.stdout}${out.stderr}` };
}

test("promtool check rules accepts alerts.yml", () => {
  const out = promtool("check", "rules", "alerts.yml");
  expect(out.text).toContain("SUCCESS");
  expect(out.code).toBe(0);
});

test("promtool test rules passes alerts.test.yml", () => {
  const out = promtool("test", "rules", "alerts.test.yml");
  expect(out.text).toContain("SUCCESS");
  expect(out.code).toBe(0);
});

test("every alert in alerts.yml has a unit test", async () => {
  const rules = parse(await Bun.file(join(PROM, "alerts.yml")).text());
  const tests = parse(await Bun.file(join(PROM, "alerts.test.yml")).text());
  const alerts = rules.groups.flatMap((g: { rules: { alert: string }[] }) => g.rules.map((r) => r.alert));
  const tested = new Set(
    tests.tests.flatMap((t: { alert_rule_test?: { alertname: string }[] }) =>
      (t.alert_rule_test ?? []).map((a) => a.alertname),
    ),
  );
  expect(alerts.filter((a: string) => !tested.has(a))).toEqual([]);
});

test.each(["prometheus.yml", "prometheus.dev.yml"])(
  "promtool check config accepts the Compose config %s",
  (file) => {
    const out = promtool("check", "config", file);
    expect(out.text).toContain("SUCCESS");
    expect(out.code).toBe(0);
  },
);

test("promtool check config accepts the Kubernetes config (prometheus-config.yaml)", async () => {
  const [, configMap] = parseManifests(await Bun.file(join(PROM, "prometheus-config.yaml")).text());
  const dir = mkdtempSync(join(tmpdir(), "nova-prom-"));
  const config = parse(configMap?.data["prometheus.yml"]);
  // The rule file sits beside the config here, not in /etc/prometheus.
  config.rule_files = ["alerts.yml"];
  writeFileSync(join(dir, "alerts.yml"), configMap?.data["alerts.yml"]);
  writeFileSync(join(dir, "prometheus.yml"), stringify(config));
  let out = promtool("check", "config", join(dir, "prometheus.yml"));
  if (out.text.includes("field kubernetes_sd_configs not found")) {
    // Debian's promtool is built without Kubernetes discovery; check everything else of the job.
    for (const job of config.scrape_configs) {
      if (job.kubernetes_sd_configs) {
        delete job.kubernetes_sd_configs;
        job.static_configs = [{ targets: ["pod:8010"] }];
      }
    }
    writeFileSync(join(dir, "prometheus.yml"), stringify(config));
    out = promtool("check", "config", join(dir, "prometheus.yml"));
  }
  expect(out.text).toContain("SUCCESS");
  expect(out.code).toBe(0);
  expect(configMap?.data["alerts.yml"]).toBe(await Bun.file(join(PROM, "alerts.yml")).text());
});

test("amtool check-config accepts the Alertmanager config in alertmanager-config.yaml", async () => {
  const secret = parseManifests(await Bun.file(join(PROM, "alertmanager-config.yaml")).text()).find(
    (o) => o.kind === "Secret",
  );
  const dir = mkdtempSync(join(tmpdir(), "nova-am-"));
  writeFileSync(join(dir, "alertmanager.yml"), secret?.stringData["alertmanager.yml"]);
  const out = run([requireTool("amtool"), "check-config", join(dir, "alertmanager.yml")]);
  expect(`${out.stdout}${out.stderr}`).toContain("SUCCESS");
  expect(out.code).toBe(0);
});

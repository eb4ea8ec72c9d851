import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';

// The static half of the monitoring checks; tools/lab/test/prometheus.test.ts runs every query of
// the dashboard against Prometheus scraping the lab.

const root = fileURLToPath(new URL('../../', import.meta.url));
const monitoring = join(root, 'k8s', 'monitoring');

interface Panel { id: number; type: string; title: string; datasource?: { uid: string }; targets?: { expr: string; refId: string }[] }
const dashboard = JSON.parse(readFileSync(join(monitoring, 'grafana-dashboard-codec-lab.json'), 'utf8')) as {
  uid: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string }[] };
};

/** Every metric name declared with `name: '...'` in a service's metrics files. */
function declaredMetrics(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/metrics\.ts$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/name: '([a-z_:]+)'/g)) names.add(m[1]!);
      }
    }
  };
  for (const dir of ['apps', 'libs']) walk(join(root, dir));
  return names;
}

/** The codeclab metric families a PromQL expression reads (histogram series mapped to their family). */
function referencedMetrics(expr: string): string[] {
  return [...expr.matchAll(/\b(codeclab_[a-z_]+)\b/g)].map((m) => m[1]!.replace(/_(bucket|sum|count)$/, ''));
}

describe('k8s/monitoring', () => {
  const panels = dashboard.panels.filter((p) => p.type !== 'row');
  const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));

  it('is a provisionable Grafana dashboard on the DS_PROMETHEUS datasource variable', () => {
    expect(dashboard.uid).toBe('codec-lab');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.templating.list.find((v) => v.name === 'DS_PROMETHEUS')?.type).toBe('datasource');
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      expect(panel.datasource?.uid, panel.title).toBe('${DS_PROMETHEUS}');
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
  });

  it('queries only codeclab metrics the services declare', () => {
    const declared = declaredMetrics();
    const rules = parse(readFileSync(join(monitoring, 'rules.yml'), 'utf8')) as { groups: { rules: { expr: string }[] }[] };
    const all = [...exprs, ...rules.groups.flatMap((g) => g.rules.map((r) => r.expr))];
    expect(all.flatMap(referencedMetrics).filter((name) => !declared.has(name))).toEqual([]);
  });

  it('keeps the per-campaign gauges readable after they are removed (last_over_time)', () => {
    for (const expr of exprs.filter((e) => e.includes('codeclab_campaign_'))) expect(expr).toMatch(/last_over_time\(codeclab_campaign_[a-z_]+\[/);
  });

  it('generates its ConfigMaps from files that exist', () => {
    const kustomization = parseAllDocuments(readFileSync(join(monitoring, 'kustomization.yaml'), 'utf8'))[0]!.toJS() as {
      resources: string[];
      configMapGenerator: { name: string; files: string[] }[];
    };
    const files = [...kustomization.resources, ...kustomization.configMapGenerator.flatMap((g) => g.files)];
    for (const file of files) expect(existsSync(join(monitoring, file)), file).toBe(true);
    expect(kustomization.configMapGenerator.map((g) => g.name)).toContain('grafana-dashboard-codec-lab');
  });
});

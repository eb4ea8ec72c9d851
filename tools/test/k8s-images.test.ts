import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { skipUnless } from '@codec-lab/testing';
import { kubectl, podTemplates, RENDERINGS, ROOT, VERSION } from './k8s-render.ts';

// The root Dockerfile and the images workflow, read as text: no Docker engine is needed (or was
// available where this was written), so what an image build would show is checked from the source.
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const workflow = parse(readFileSync(join(ROOT, '.github', 'workflows', 'images.yml'), 'utf8')) as {
  on: { push: { tags: string[] }; workflow_dispatch: unknown };
  jobs: { image: { strategy: { matrix: { app: string[] } }; steps: { uses?: string; with?: Record<string, string> }[] } };
};
const apps = workflow.jobs.image.strategy.matrix.app;

interface Stage { from: string; name?: string; lines: string[] }
function stages(text: string): { args: Record<string, string>; stages: Stage[] } {
  const lines = text.replace(/<<'EOF'[\s\S]*?\nEOF\n/g, '\n').replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const args: Record<string, string> = {};
  const out: Stage[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ from: from[1]!, name: from[2], lines: [] });
    else if (out.length === 0 && /^ARG\s+(\w+)=(\S+)/.test(line)) {
      const [, k, v] = /^ARG\s+(\w+)=(\S+)/.exec(line)!;
      args[k!] = v!;
    } else out.at(-1)?.lines.push(line);
  }
  return { args, stages: out };
}
const parsed = stages(dockerfile);
const stage = (name: string) => parsed.stages.find((s) => s.name === name)!;
/** The image a stage finally stands on, and every stage on the way, for APP=app. */
function chain(app: string): Stage[] {
  const expand = (ref: string) => ref.replace(/\$\{(\w+)\}/g, (_, k: string) => (k === 'APP' ? app : parsed.args[k]!));
  const result: Stage[] = [parsed.stages.at(-1)!];
  for (let ref = expand(result[0]!.from); stage(ref); ref = expand(stage(ref).from)) result.push(stage(ref));
  return result;
}
const base = (app: string) => chain(app).at(-1)!.from.replace(/\$\{(\w+)\}/g, (_, k: string) => parsed.args[k]!);

describe('the root Dockerfile', () => {
  it('is the only Dockerfile, and names no :latest image', () => {
    for (const app of readdirSync(join(ROOT, 'apps'))) expect(existsSync(join(ROOT, 'apps', app, 'Dockerfile')), app).toBe(false);
    expect(dockerfile).not.toMatch(/:latest\b/);
    for (const s of parsed.stages) expect(s.from.includes(':') || s.from.includes('$') || parsed.stages.some((o) => o.name === s.from), s.from).toBe(true);
  });

  it('builds every app the workflow builds, each from its own bundle entry', () => {
    for (const app of apps) {
      expect(existsSync(join(ROOT, 'apps', app, 'src', 'main.ts')) || existsSync(join(ROOT, 'tools', app, 'src', 'main.ts')), app).toBe(true);
      expect(stage(`runtime-${app}`), `runtime-${app}`).toBeDefined();
    }
    // Every service under apps/ gets an image.
    expect(apps).toEqual(expect.arrayContaining(readdirSync(join(ROOT, 'apps'))));
  });

  for (const app of ['orchestrator', 'agent-runner']) {
    it(`${app}: ends on Node ${parsed.args['NODE_IMAGE']} as the non-root user node, with production dependencies only`, () => {
      expect(base(app)).toBe('node:24-bookworm-slim');
      const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
      expect(engines).toContain(`>=${base(app).split(':')[1]!.split('-')[0]}`);
      const final = parsed.stages.at(-1)!;
      const users = chain(app).flatMap((s) => s.lines.filter((l) => /^USER /.test(l)));
      expect(users.at(0)).toBe('USER node');
      expect(final.lines.findIndex((l) => l.startsWith('USER'))).toBeLessThan(final.lines.findIndex((l) => l.startsWith('CMD')));
      expect(final.lines).toContain('COPY --from=runtime-deps /app/node_modules ./node_modules');
      expect(stage('runtime-deps').lines.join('\n')).toMatch(/npm ci --omit=dev/);
      expect(final.lines.join('\n')).toMatch(/org\.opencontainers\.image\.version="\$\{VERSION\}"/);
    });
  }

  it('adds ffmpeg and the metrics ffmpeg to agent-runner alone', () => {
    for (const app of apps) {
      const steps = chain(app).flatMap((s) => s.lines).join('\n');
      expect(/apt-get install[^\n]*ffmpeg/.test(steps) && steps.includes('COPY --from=metrics-ffmpeg'), app).toBe(app === 'agent-runner');
    }
  });

  it('labels the image with the package version by default', () => {
    expect(parsed.args['VERSION']).toBe(VERSION);
  });
});

describe('.github/workflows/images.yml', () => {
  it('builds every app with the one Dockerfile, tagged with the package version and the commit, also on v* tags', () => {
    expect(workflow.on.push.tags).toEqual(['v*']);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    const build = workflow.jobs.image.steps.find((s) => s.uses?.startsWith('docker/build-push-action@'))!;
    expect(build.with!['file']).toBe('Dockerfile');
    expect(build.with!['build-args']).toContain('APP=${{ matrix.app }}');
    const tags = build.with!['tags']!.trim().split('\n');
    expect(tags).toEqual([
      '${{ steps.version.outputs.registry }}/codec-lab/${{ matrix.app }}:${{ steps.version.outputs.version }}',
      '${{ steps.version.outputs.registry }}/codec-lab/${{ matrix.app }}:sha-${{ steps.version.outputs.short_sha }}',
    ]);
    expect(readFileSync(join(ROOT, '.github', 'workflows', 'images.yml'), 'utf8')).toContain("require('./package.json').version");
  });

  it('builds an image for every image the manifests use', (context) => {
    skipUnless(context, kubectl());
    const used = new Set(Object.values(RENDERINGS).flatMap((r) => podTemplates(r()).flatMap(({ template }) => template.spec.containers.map((c: { image: string }) => c.image.split(/[:@]/)[0]))));
    expect([...used].sort()).toEqual(apps.map((a) => `codec-lab/${a}`).sort());
  });
});

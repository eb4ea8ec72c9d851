import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPromptDir, loadPrompts, PROMPT_NAMES, renderPrompt } from './prompts.ts';

describe('prompts', () => {
  it('are found by walking up from where the bundle lives, as well as from the sources', () => {
    const root = mkdtempSync(join(tmpdir(), 'codeclab-prompts-'));
    try {
      mkdirSync(join(root, 'apps', 'llm-analyst', 'prompts'), { recursive: true });
      writeFileSync(join(root, 'apps', 'llm-analyst', 'prompts', 'system.md'), 'x');
      mkdirSync(join(root, 'dist', 'apps', 'llm-analyst'), { recursive: true });
      expect(findPromptDir(join(root, 'dist', 'apps', 'llm-analyst'))).toBe(join(root, 'apps', 'llm-analyst', 'prompts'));
      expect(() => findPromptDir(tmpdir())).toThrow(/no apps\/llm-analyst\/prompts folder/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    const prompts = loadPrompts();
    for (const name of PROMPT_NAMES) expect(prompts[name].length).toBeGreaterThan(50);
  });

  it('fill every placeholder the templates use, and refuse to send one left empty', () => {
    const prompts = loadPrompts();
    const names = new Set([...Object.values(prompts).join('\n').matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!));
    expect([...names].sort()).toEqual(['best', 'candidates', 'capabilities', 'errors', 'experiment', 'failures', 'hashes', 'history', 'knowledge', 'objective', 'pareto', 'probes', 'seq']);
    expect(renderPrompt('a {{x}} b {{x}} $& {{y}}', { x: '1', y: '$1 {{z}}' })).toBe('a 1 b 1 $& $1 {{z}}');
    expect(() => renderPrompt('{{missing}}', {})).toThrow('prompt placeholder {{missing}} has no value');
  });
});

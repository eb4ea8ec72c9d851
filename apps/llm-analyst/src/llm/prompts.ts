import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROMPT_NAMES = ['system', 'propose', 'analyze', 'repair'] as const;
export type PromptName = (typeof PROMPT_NAMES)[number];
export type Prompts = Readonly<Record<PromptName, string>>;

const PROMPTS_PATH = join('apps', 'llm-analyst', 'prompts');

/**
 * Finds `apps/llm-analyst/prompts` by walking up from this module. The same walk works from the
 * sources (apps/llm-analyst/src/llm), from the bundle (dist/apps/llm-analyst/main.js) and in the
 * image, which keeps the prompts folder beside dist/ as it keeps protos/.
 */
export function findPromptDir(start = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, PROMPTS_PATH);
    if (existsSync(join(candidate, 'system.md'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no ${PROMPTS_PATH} folder above ${start}`);
    dir = parent;
  }
}

/** Reads every prompt once, so a missing file stops the service at boot rather than mid-campaign. */
export function loadPrompts(dir = findPromptDir()): Prompts {
  return Object.fromEntries(PROMPT_NAMES.map((name) => [name, readFileSync(join(dir, `${name}.md`), 'utf8').trim()])) as Record<PromptName, string>;
}

/**
 * Fills `{{name}}` placeholders. A placeholder without a value is a bug in the caller, not
 * something to send to a model, so it throws.
 */
export function renderPrompt(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`prompt placeholder {{${name}}} has no value`);
    return value;
  });
}

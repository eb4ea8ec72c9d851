import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The module boundaries of DEVELOPERS.md ("Rules of the house": apps never import apps, domain
// imports nothing internal, only the store imports the AWS SDK, only agent-runner fluent-ffmpeg)
// are enforced by lint (eslint.config.mjs); this proves the rules really fire.
const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it('keep domain free of internal imports and apps free of each other', async () => {
    // contracts imports nothing of ours, so this is the tag rule alone (importing the store, which
    // imports domain, is refused too, as a circular dependency).
    expect(await boundaryErrors('libs/domain/src/probe.ts', "import { loadContracts } from '@codec-lab/contracts';\nexport const x = loadContracts;\n")).toEqual([
      expect.stringContaining('"type:domain" can only depend on libs tagged with "type:domain"'),
    ]);
    expect(await boundaryErrors('apps/dashboard-api/src/probe.ts', "import { buildApp } from '../../orchestrator/src/app.ts';\nexport const x = buildApp;\n")).toHaveLength(1);
  });

  // openai is banned outside llm-analyst too; Nx checks bans only for installed packages, so that
  // case joins this test with the OpenAI backend.
  it('keep the AWS SDK in the store and ffmpeg in agent-runner', async () => {
    const sdk = "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const x = DynamoDBClient;\n";
    const ffmpeg = "import ffmpeg from 'fluent-ffmpeg';\nexport const x = ffmpeg;\n";
    expect(await boundaryErrors('apps/orchestrator/src/probe.ts', sdk)).toHaveLength(1);
    expect(await boundaryErrors('libs/store/src/probe.ts', sdk)).toEqual([]);
    expect(await boundaryErrors('apps/orchestrator/src/probe.ts', ffmpeg)).toHaveLength(1);
    expect(await boundaryErrors('apps/agent-runner/src/probe.ts', ffmpeg)).toEqual([]);
    expect(await boundaryErrors('libs/rpc/src/probe.ts', sdk)).toHaveLength(1);
    expect(await boundaryErrors('libs/domain/src/probe.ts', ffmpeg)).toHaveLength(1);
  });

  it('let apps use libs through their public entry points', async () => {
    expect(await boundaryErrors('apps/orchestrator/src/probe.ts', "import { configHash } from '@codec-lab/domain';\nexport const x = configHash;\n")).toEqual([]);
  });
});

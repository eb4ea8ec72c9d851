import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const sdkOnlyInStore = ['@aws-sdk/*', 'dynalite'];
const ffmpegOnlyInRunner = ['fluent-ffmpeg'];
const openaiOnlyInAnalyst = ['openai'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'libs/contracts/src/generated/**', '.nx/**', 'test-results/**'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Module boundaries, enforced (the tags and rules in DEVELOPERS.md, "Rules of the house"):
      // apps never import apps; domain and contracts import nothing internal; only the store
      // touches the AWS SDK, only agent-runner runs ffmpeg, only llm-analyst talks to a language
      // model.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: false,
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:campaign', 'type:contracts', 'type:data', 'type:util'] },
            // The campaign rules (libs/campaign): pure, on the domain alone.
            { sourceTag: 'type:campaign', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:domain', bannedExternalImports: [...sdkOnlyInStore, ...ffmpegOnlyInRunner, ...openaiOnlyInAnalyst, '@grpc/*', 'fastify', 'pino'] },
            { sourceTag: 'type:campaign', bannedExternalImports: [...sdkOnlyInStore, ...ffmpegOnlyInRunner, ...openaiOnlyInAnalyst, '@grpc/*', 'fastify', 'pino'] },
            { sourceTag: 'type:contracts', bannedExternalImports: [...sdkOnlyInStore, ...ffmpegOnlyInRunner, ...openaiOnlyInAnalyst] },
            { sourceTag: 'type:util', bannedExternalImports: [...sdkOnlyInStore, ...ffmpegOnlyInRunner, ...openaiOnlyInAnalyst] },
            { sourceTag: 'type:data', bannedExternalImports: [...ffmpegOnlyInRunner, ...openaiOnlyInAnalyst] },
            { sourceTag: 'scope:orchestrator', bannedExternalImports: [...sdkOnlyInStore, ...ffmpegOnlyInRunner, ...openaiOnlyInAnalyst] },
            { sourceTag: 'scope:dashboard-api', bannedExternalImports: [...sdkOnlyInStore, ...ffmpegOnlyInRunner, ...openaiOnlyInAnalyst] },
            { sourceTag: 'scope:llm-analyst', bannedExternalImports: [...sdkOnlyInStore, ...ffmpegOnlyInRunner] },
            { sourceTag: 'scope:agent-runner', bannedExternalImports: [...sdkOnlyInStore, ...openaiOnlyInAnalyst] },
            { sourceTag: 'scope:lab', bannedExternalImports: [...sdkOnlyInStore, ...ffmpegOnlyInRunner, ...openaiOnlyInAnalyst] },
          ],
        },
      ],
    },
  },
  {
    // Benchmarks measure the services' own internals (the runner's pipeline, its command builders)
    // against bare ffmpeg, so they reach into apps by design. Nothing imports a benchmark.
    files: ['bench/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // The k8s start test checks every variable the manifests give a container against that
    // service's own config schema (apps/*/src/config.ts), the one list of what it reads. It imports
    // nothing else of the apps.
    files: ['tools/test/k8s-env.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
);

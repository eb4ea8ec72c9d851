// Generates TypeScript types for the protos with proto-loader-gen-types, using exactly the options
// the runtime loader uses. Run: `nx run contracts:codegen` (Node 24 runs this file directly).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTO_FILES, PROTO_LOADER_OPTIONS } from '../src/loader-options.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const outDir = join(here, '..', 'src', 'generated');

const flags = Object.entries(PROTO_LOADER_OPTIONS).flatMap(([key, value]) => {
  if (typeof value === 'boolean') return value ? [`--${key}`] : [];
  return [`--${key}=${value.name}`];
});

rmSync(outDir, { recursive: true, force: true });
execFileSync(
  join(root, 'node_modules', '.bin', 'proto-loader-gen-types'),
  [
    ...flags,
    '--grpcLib=@grpc/grpc-js',
    '--includeComments',
    '--includeDirs',
    'protos',
    '--outDir',
    outDir,
    ...PROTO_FILES,
  ],
  // Relative include paths keep machine-specific paths out of the generated comments.
  { stdio: 'inherit', cwd: root },
);
console.log(`generated types for ${PROTO_FILES.join(', ')} with ${flags.join(' ')}`);

/**
 * The one set of @grpc/proto-loader options. The runtime loader and the type generator
 * (scripts/codegen.ts) both read it, so generated types always describe what the loader returns.
 * Kept to erasable TypeScript so Node can import it directly.
 */
export const PROTO_LOADER_OPTIONS = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: false,
  arrays: true,
  oneofs: true,
} as const;

/** Proto files, relative to the `protos/` root, that make up codec-lab's contracts. */
export const PROTO_FILES = ['codeclab/v1/agent_runner.proto', 'codeclab/v1/llm_analyst.proto'] as const;

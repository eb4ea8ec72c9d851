import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as AgentRunnerProto } from './generated/agent_runner.ts';
import type { ProtoGrpcType as LlmAnalystProto } from './generated/llm_analyst.ts';
import { PROTO_FILES, PROTO_LOADER_OPTIONS } from './loader-options.ts';

export type CodecLabProto = AgentRunnerProto & LlmAnalystProto;

/**
 * Finds the repository's `protos/` folder by walking up from this module, which works from the
 * sources, from a bundle in `dist/`, and in the container image (which keeps `protos/` beside `dist/`).
 */
export function findProtoRoot(start = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'protos');
    if (existsSync(join(candidate, 'codeclab'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no protos/ folder above ${start}`);
    dir = parent;
  }
}

let cached: CodecLabProto | undefined;

/** Loads codec-lab's gRPC contracts once per process. */
export function loadContracts(protoRoot = findProtoRoot()): CodecLabProto {
  if (cached) return cached;
  const definition = protoLoader.loadSync([...PROTO_FILES], { ...PROTO_LOADER_OPTIONS, includeDirs: [protoRoot] });
  cached = grpc.loadPackageDefinition(definition) as unknown as CodecLabProto;
  return cached;
}

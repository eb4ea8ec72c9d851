// The page imports the domain's types (type-only) through its index, which also exports configHash,
// written with node:crypto. None of it is bundled; this declares just what the type checker reads
// there, so the page still gets no Node types (no `process`, no `Buffer`) by mistake.
declare module 'node:crypto' {
  export function createHash(algorithm: string): { update(data: string): { digest(encoding: 'hex'): string } };
}

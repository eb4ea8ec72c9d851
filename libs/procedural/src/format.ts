import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { SceneSchema, type Color, type Layer, type Scene, type Track } from './scene.schema.ts';

// A scene on disk: its JSON, compressed with Brotli; and the parameter-storage artifact that holds
// it beside an optional residual video. Reading either checks everything and fails with a
// SceneFormatError that says what is wrong, never with a crash or a hang.

export class SceneFormatError extends Error {
  override readonly name = 'SceneFormatError';
}

export interface Quantization {
  readonly positionBits: number;
  readonly colorBits: number;
  readonly phaseBits: number;
}

const grid = (bits: number) => (v: number) => Math.round(v * 2 ** bits) / 2 ** bits;

function quantizeTrack(track: Track, q: (v: number) => number): Track {
  return typeof track === 'number' ? q(track) : track.map(([f, v]) => [f, q(v)] as [number, number]);
}
const quantizeColor = (color: Color, q: (v: number) => number): Color => [quantizeTrack(color[0], q), quantizeTrack(color[1], q), quantizeTrack(color[2], q)];

/** Every coefficient rounded to a multiple of 2^-bits: positions and sizes, colours and amplitudes, frequencies, phases and zoom. */
export function quantizeScene(scene: Scene, quantization: Quantization): Scene {
  const p = grid(quantization.positionBits);
  const c = grid(quantization.colorBits);
  const f = grid(quantization.phaseBits);
  const t = (track: Track, q: (v: number) => number) => quantizeTrack(track, q);
  const layer = (l: Layer): Layer => {
    switch (l.kind) {
      case 'fill':
        return { ...l, color: quantizeColor(l.color, c) };
      case 'linear':
        return { ...l, x0: t(l.x0, p), y0: t(l.y0, p), x1: t(l.x1, p), y1: t(l.y1, p), from: quantizeColor(l.from, c), to: quantizeColor(l.to, c) };
      case 'radial':
        return { ...l, cx: t(l.cx, p), cy: t(l.cy, p), r: t(l.r, p), from: quantizeColor(l.from, c), to: quantizeColor(l.to, c) };
      case 'sinusoids':
        return { ...l, terms: l.terms.map((term) => ({ fx: t(term.fx, f), fy: t(term.fy, f), phase: t(term.phase, f), amplitude: quantizeColor(term.amplitude, c) })) };
      case 'noise':
        return { ...l, cell: Math.max(1, p(l.cell)), dx: t(l.dx, p), dy: t(l.dy, p), amplitude: quantizeColor(l.amplitude, c) };
      case 'shape':
        return { ...l, cx: t(l.cx, p), cy: t(l.cy, p), w: t(l.w, p), h: t(l.h, p), color: quantizeColor(l.color, c) };
      case 'text':
        return { ...l, x: t(l.x, p), y: t(l.y, p), size: t(l.size, p), color: quantizeColor(l.color, c) };
      case 'fractal':
        return { ...l, zoom: t(l.zoom, f), palette: l.palette.map((rgb) => rgb.map(c) as [number, number, number]), inside: l.inside.map(c) as [number, number, number] };
    }
  };
  return { ...scene, layers: scene.layers.map(layer) };
}

/** The largest JSON a stored scene may expand to: far beyond any real description, small enough that a crafted artifact cannot exhaust memory. */
const MAX_SCENE_JSON_BYTES = 16 * 2 ** 20;

/** A scene as stored: minified JSON, Brotli at its highest quality with a small window (descriptions are small). */
export function encodeScene(scene: Scene): Uint8Array {
  const json = Buffer.from(JSON.stringify(SceneSchema.parse(scene)));
  return brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 16, [constants.BROTLI_PARAM_SIZE_HINT]: json.length } });
}

export function decodeScene(bytes: Uint8Array): Scene {
  let json: Buffer;
  try {
    json = brotliDecompressSync(bytes, { maxOutputLength: MAX_SCENE_JSON_BYTES });
  } catch (error) {
    throw new SceneFormatError(`the scene description is not Brotli-compressed data of at most ${MAX_SCENE_JSON_BYTES} bytes (${(error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch {
    throw new SceneFormatError('the scene description does not decompress to JSON');
  }
  const parsed = SceneSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(scene)'}: ${i.message}`);
    throw new SceneFormatError(`the scene description is not a valid scene: ${issues.join('; ')}`);
  }
  return parsed.data;
}

// The artifact: "CLPS", version 1, the residual's codec (0: none), the scene's length (u32 BE),
// the scene, then, with a residual, its length (u32 BE) and its bytes; nothing after.
const MAGIC = Buffer.from('CLPS', 'ascii');
const VERSION = 1;
export const ARTIFACT_CODECS = ['libx264', 'libx265', 'libsvtav1'] as const;
export type ArtifactCodec = (typeof ARTIFACT_CODECS)[number];

export interface ParameterArtifact {
  readonly scene: Uint8Array;
  readonly residual?: { readonly codec: ArtifactCodec; readonly bytes: Uint8Array } | undefined;
}

export function packArtifact(artifact: ParameterArtifact): Uint8Array {
  const { scene, residual } = artifact;
  const head = Buffer.alloc(10);
  MAGIC.copy(head, 0);
  head[4] = VERSION;
  head[5] = residual ? ARTIFACT_CODECS.indexOf(residual.codec) + 1 : 0;
  head.writeUInt32BE(scene.length, 6);
  if (!residual) return Buffer.concat([head, scene]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(residual.bytes.length);
  return Buffer.concat([head, scene, length, residual.bytes]);
}

export function unpackArtifact(bytes: Uint8Array): ParameterArtifact {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 10 || !buf.subarray(0, 4).equals(MAGIC)) throw new SceneFormatError('not a parameter-storage artifact (no CLPS header)');
  if (buf[4] !== VERSION) throw new SceneFormatError(`artifact format version ${buf[4]} is not one this reader knows (${VERSION})`);
  const codecIndex = buf[5]!;
  if (codecIndex > ARTIFACT_CODECS.length) throw new SceneFormatError(`unknown residual codec ${codecIndex}`);
  const sceneLength = buf.readUInt32BE(6);
  const sceneEnd = 10 + sceneLength;
  if (sceneEnd > buf.length) throw new SceneFormatError(`the scene description is ${sceneLength} bytes but only ${buf.length - 10} follow the header`);
  const scene = buf.subarray(10, sceneEnd);
  if (codecIndex === 0) {
    if (sceneEnd !== buf.length) throw new SceneFormatError(`${buf.length - sceneEnd} bytes follow the scene description`);
    return { scene };
  }
  if (sceneEnd + 4 > buf.length) throw new SceneFormatError('the residual video\'s length is missing');
  const residualLength = buf.readUInt32BE(sceneEnd);
  const end = sceneEnd + 4 + residualLength;
  if (end !== buf.length) throw new SceneFormatError(`the residual video is ${residualLength} bytes but ${buf.length - sceneEnd - 4} follow`);
  return { scene, residual: { codec: ARTIFACT_CODECS[codecIndex - 1]!, bytes: buf.subarray(sceneEnd + 4, end) } };
}

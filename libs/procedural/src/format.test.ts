import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PROCEDURAL_SCENES } from './catalog.ts';
import { decodeScene, encodeScene, packArtifact, quantizeScene, SceneFormatError, unpackArtifact } from './format.ts';
import { writeSceneY4m } from './y4m.ts';

const SIZE = { width: 1920, height: 1080, frames: 150, fps: [30, 1] as const };
const Q = { positionBits: 4, colorBits: 2, phaseBits: 12 };

describe('scene format', () => {
  it('round-trips every catalog scene, already on the quantisation grid, in a few hundred bytes', () => {
    for (const [name, make] of Object.entries(PROCEDURAL_SCENES)) {
      const scene = make(SIZE);
      expect(quantizeScene(scene, Q), name).toEqual(scene);
      const bytes = encodeScene(scene);
      expect(decodeScene(bytes), name).toEqual(scene);
      expect(bytes.length, name).toBeLessThan(400);
    }
  });

  it('rounds coefficients to the grid', () => {
    const scene = { ...PROCEDURAL_SCENES['gradient-box']!(SIZE) };
    scene.layers = [{ kind: 'fill', color: [100.13, [[0, 3.3], [9, 7.9]], 128] }];
    expect(quantizeScene(scene, Q).layers[0]).toEqual({ kind: 'fill', color: [100.25, [[0, 3.25], [9, 8]], 128] });
  });

  const bad: Record<string, [Uint8Array, RegExp]> = {
    'random bytes': [Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 131 + 7) % 256)), /not Brotli-compressed/],
    'not JSON': [brotliCompressSync(Buffer.from('{"v":1,')), /does not decompress to JSON/],
    'not a scene': [brotliCompressSync(Buffer.from(JSON.stringify({ v: 1, width: 3, height: 2, fps: [30, 1], frames: 1, layers: [] }))), /width: must be even.*layers/],
  };
  for (const [name, [bytes, message]] of Object.entries(bad)) {
    it(`refuses ${name} with a SceneFormatError saying what is wrong`, () => {
      expect(() => decodeScene(bytes)).toThrow(SceneFormatError);
      expect(() => decodeScene(bytes)).toThrow(message);
    });
  }
});

describe('parameter-storage artifact', () => {
  const scene = encodeScene(PROCEDURAL_SCENES.plasma!(SIZE));
  it('holds the scene and a residual, and gives them back', () => {
    expect(unpackArtifact(packArtifact({ scene }))).toEqual({ scene: Buffer.from(scene) });
    const residual = { codec: 'libx265' as const, bytes: Buffer.from('video bytes') };
    const back = unpackArtifact(packArtifact({ scene, residual }));
    expect(Buffer.from(back.scene).equals(Buffer.from(scene))).toBe(true);
    expect(back.residual?.codec).toBe('libx265');
    expect(Buffer.from(back.residual!.bytes).toString()).toBe('video bytes');
  });

  it('refuses a wrong header, a truncated or over-long one, naming the problem', () => {
    const whole = Buffer.from(packArtifact({ scene, residual: { codec: 'libx264', bytes: Buffer.alloc(50, 1) } }));
    expect(() => unpackArtifact(Buffer.from('MP4 file...'))).toThrow(/no CLPS header/);
    expect(() => unpackArtifact(whole.subarray(0, 20))).toThrow(/only 10 follow the header/);
    expect(() => unpackArtifact(whole.subarray(0, whole.length - 1))).toThrow(/residual video is 50 bytes but 49 follow/);
    expect(() => unpackArtifact(Buffer.concat([Buffer.from(packArtifact({ scene })), Buffer.from('x')]))).toThrow(/1 bytes follow the scene/);
    const version = Buffer.from(whole);
    version[4] = 9;
    expect(() => unpackArtifact(version)).toThrow(SceneFormatError);
  });
});

describe('writeSceneY4m', () => {
  it('writes a YUV4MPEG2 header and every frame', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'codeclab-y4m-'));
    try {
      const path = join(dir, 'a.y4m');
      await writeSceneY4m(PROCEDURAL_SCENES['gradient-box']!({ width: 32, height: 18, frames: 5, fps: [30, 1] }), path);
      const bytes = readFileSync(path);
      const header = 'YUV4MPEG2 W32 H18 F30:1 Ip A1:1 C420jpeg\n';
      expect(bytes.subarray(0, header.length).toString()).toBe(header);
      expect(bytes.length).toBe(header.length + 5 * ('FRAME\n'.length + 32 * 18 * 1.5));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

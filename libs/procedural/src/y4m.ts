import { open, rename, rm } from 'node:fs/promises';
import { allocFrame } from './frame.ts';
import { renderFrame } from './render.ts';
import type { Scene } from './scene.schema.ts';

// Procedural sources as files: a scene rendered frame by frame into YUV4MPEG2, which ffmpeg reads
// as it is (4:2:0 with chroma sited at the centre of each 2x2 block, as the renderer samples it).

export function y4mHeader(scene: Pick<Scene, 'width' | 'height' | 'fps'>): string {
  return `YUV4MPEG2 W${scene.width} H${scene.height} F${scene.fps[0]}:${scene.fps[1]} Ip A1:1 C420jpeg\n`;
}

/** Writes every frame of the scene to `path`, under a temporary name renamed when whole. */
export async function writeSceneY4m(scene: Scene, path: string, options: { signal?: AbortSignal; onProgress?: (framesDone: number) => void } = {}): Promise<void> {
  const temp = `${path}.${process.pid}.partial`;
  const handle = await open(temp, 'w');
  try {
    await handle.write(y4mHeader(scene));
    const frame = allocFrame(scene.width, scene.height);
    const marker = Buffer.from('FRAME\n');
    for (let f = 0; f < scene.frames; f++) {
      options.signal?.throwIfAborted();
      renderFrame(scene, f, { out: frame });
      await handle.write(Buffer.concat([marker, frame.y, frame.u, frame.v]));
      options.onProgress?.(f + 1);
    }
    await handle.close();
    await rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

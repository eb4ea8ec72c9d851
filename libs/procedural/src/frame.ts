/** One 8-bit Y'CbCr 4:2:0 frame: planes in raster order, chroma at half the width and height. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly y: Uint8Array;
  readonly u: Uint8Array;
  readonly v: Uint8Array;
}

export function allocFrame(width: number, height: number): Frame {
  const chroma = (width / 2) * (height / 2);
  return { width, height, y: new Uint8Array(width * height), u: new Uint8Array(chroma), v: new Uint8Array(chroma) };
}

/** Bytes of one raw yuv420p frame. */
export const rawFrameBytes = (width: number, height: number) => width * height + 2 * (width / 2) * (height / 2);

/** The frames of raw yuv420p bytes (planes of each frame in turn), as views of them; an error unless they hold exactly `count`. */
export function framesOfRaw(bytes: Uint8Array, width: number, height: number, count: number): Frame[] {
  const size = rawFrameBytes(width, height);
  if (bytes.length !== size * count) throw new Error(`the raw frames are ${bytes.length} bytes, not ${count} frames of ${width}x${height} (${size * count} bytes)`);
  const luma = width * height;
  const chroma = luma / 4;
  return Array.from({ length: count }, (_, i) => {
    const at = i * size;
    return { width, height, y: bytes.subarray(at, at + luma), u: bytes.subarray(at + luma, at + luma + chroma), v: bytes.subarray(at + luma + chroma, at + size) };
  });
}

export interface Psnr {
  readonly y: number;
  readonly u: number;
  readonly v: number;
  readonly avg: number;
}

/** Sums of squared differences per plane; frames of one size. */
export function squaredErrors(a: Frame, b: Frame): { y: number; u: number; v: number } {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`frames of different sizes: ${a.width}x${a.height} and ${b.width}x${b.height}`);
  const sse = (p: Uint8Array, q: Uint8Array) => {
    let sum = 0;
    for (let i = 0; i < p.length; i++) {
      const d = p[i]! - q[i]!;
      sum += d * d;
    }
    return sum;
  };
  return { y: sse(a.y, b.y), u: sse(a.u, b.u), v: sse(a.v, b.v) };
}

/** PSNR from squared errors over `frames` frames of the size given, as ffmpeg's psnr filter pools them (avg from the pixel-weighted MSE of all planes). */
export function psnrOf(sse: { y: number; u: number; v: number }, width: number, height: number, frames = 1): Psnr {
  const luma = width * height * frames;
  const chroma = luma / 4;
  const db = (error: number, count: number) => (error === 0 ? Infinity : 10 * Math.log10((255 * 255) / (error / count)));
  return { y: db(sse.y, luma), u: db(sse.u, chroma), v: db(sse.v, chroma), avg: db(sse.y + sse.u + sse.v, luma + 2 * chroma) };
}

/** PSNR of one frame against another (identical: Infinity). */
export function framePsnr(a: Frame, b: Frame): Psnr {
  return psnrOf(squaredErrors(a, b), a.width, a.height);
}

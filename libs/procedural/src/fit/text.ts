import { glyphBit, GLYPH_ADVANCE, GLYPH_COLUMNS, GLYPH_ROWS } from '../font.ts';
import type { Frame } from '../frame.ts';
import { TEXT_CHARSET, type Layer } from '../scene.schema.ts';
import type { Vec3 } from './model.ts';

// Lines of text in the built-in 5x7 font, read from what the layers beneath do not explain. Per
// frame: the luma samples far from the rendering beneath are grouped into connected components,
// components side by side at one height into lines, and each line is read cell by cell (the font
// pixel size from the line's height, the origin from its left edge, each cell's 5x7 bits matched to
// the nearest glyph). A line is kept only when its cells read as glyphs with few bits wrong, so a
// filled box or camera texture is never taken for text; its origin is then placed to a sixteenth
// of a pixel. Across frames, readings of one string become a layer (texttrack.ts).

export interface TextReading {
  readonly text: string;
  /** The samples that placed it (for refining the layer's tracks against every frame). */
  readonly evidence?: Evidence;
  readonly x: number;
  readonly y: number;
  readonly size: number;
  readonly color: Vec3;
}

/** A luma sample this far from the rendering beneath may be text. */
const DIFF = 10;
/** More components than this in a frame is texture, not a line of text. */
const MAX_COMPONENTS = 4000;
/** Bits of a 5x7 cell a reading may get wrong on average, per character. */
const MAX_WRONG_BITS = 2;

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  count: number;
}

/** Connected components (8-connected) of the pixels where `on` is set, as bounding boxes; null when there are too many. */
function components(on: Uint8Array, width: number, height: number): Box[] | null {
  const label = new Int32Array(width * height).fill(-1);
  const parent: number[] = [];
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]!]!;
    return a;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!on[i]) continue;
      let mine = -1;
      for (const j of [i - 1, i - width - 1, i - width, i - width + 1]) {
        const nx = j % width;
        if (j < 0 || label[j]! < 0 || Math.abs(nx - x) > 1) continue;
        const other = find(label[j]!);
        if (mine < 0) mine = other;
        else if (other !== mine) parent[Math.max(other, mine)] = Math.min(other, mine);
      }
      if (mine < 0) {
        mine = parent.length;
        parent.push(mine);
        if (parent.length > MAX_COMPONENTS * 4) return null;
      }
      label[i] = mine;
    }
  }
  const boxes = new Map<number, Box>();
  for (let i = 0; i < label.length; i++) {
    if (label[i]! < 0) continue;
    const root = find(label[i]!);
    const x = i % width;
    const y = (i - x) / width;
    const b = boxes.get(root);
    if (b) {
      b.x0 = Math.min(b.x0, x);
      b.x1 = Math.max(b.x1, x);
      b.y0 = Math.min(b.y0, y);
      b.y1 = Math.max(b.y1, y);
      b.count++;
    } else boxes.set(root, { x0: x, y0: y, x1: x, y1: y, count: 1 });
  }
  const out = [...boxes.values()].filter((b) => b.count >= 3);
  return out.length > MAX_COMPONENTS ? null : out;
}

/** Components side by side (overlapping rows, gaps no wider than a character) as lines. */
function lines(boxes: readonly Box[]): Box[] {
  const sorted = [...boxes].sort((a, b) => a.x0 - b.x0);
  const out: Box[] = [];
  for (const b of sorted) {
    const h = b.y1 - b.y0 + 1;
    const line = out.find((l) => {
      const lh = l.y1 - l.y0 + 1;
      const overlap = Math.min(l.y1, b.y1) - Math.max(l.y0, b.y0) + 1;
      return overlap >= 0.5 * Math.min(h, lh) && b.x0 - l.x1 <= 1.2 * Math.max(h, lh);
    });
    if (line) Object.assign(line, { x0: Math.min(line.x0, b.x0), y0: Math.min(line.y0, b.y0), x1: Math.max(line.x1, b.x1), y1: Math.max(line.y1, b.y1), count: line.count + b.count });
    else out.push({ ...b });
  }
  return out;
}

const GLYPHS = [...TEXT_CHARSET].map((char) => ({ char, bits: Array.from({ length: GLYPH_ROWS * GLYPH_COLUMNS }, (_, k) => glyphBit(char, k % GLYPH_COLUMNS, Math.floor(k / GLYPH_COLUMNS))) }));

/** Reads a line: the origin among the few left offsets a first glyph's blank columns allow, the cells matched to glyphs. */
function readLine(on: Uint8Array, width: number, height: number, line: Box): { text: string; x: number; y: number; size: number; wrong: number } | null {
  const size = (line.y1 - line.y0 + 1) / GLYPH_ROWS;
  if (size < 1) return null;
  const y = line.y0;
  let best: { text: string; x: number; y: number; size: number; wrong: number } | null = null;
  for (let lead = 0; lead < GLYPH_COLUMNS; lead++) {
    const x = line.x0 - lead * size;
    const cells = Math.max(1, Math.ceil((line.x1 + 1 - x) / (GLYPH_ADVANCE * size)));
    let text = '';
    let wrong = 0;
    for (let c = 0; c < cells; c++) {
      const bits: boolean[] = [];
      for (let k = 0; k < GLYPH_ROWS * GLYPH_COLUMNS; k++) {
        const px = Math.floor(x + (c * GLYPH_ADVANCE + (k % GLYPH_COLUMNS) + 0.5) * size);
        const py = Math.floor(y + (Math.floor(k / GLYPH_COLUMNS) + 0.5) * size);
        bits.push(px >= 0 && px < width && py >= 0 && py < height && on[py * width + px] === 1);
      }
      let match = GLYPHS[0]!;
      let distance = Infinity;
      for (const g of GLYPHS) {
        let d = 0;
        for (let k = 0; k < bits.length; k++) if (bits[k] !== g.bits[k]) d++;
        if (d < distance) [match, distance] = [g, d];
      }
      text += match.char;
      wrong += distance;
    }
    if (!best || wrong < best.wrong) best = { text, x, y, size, wrong };
  }
  if (!best || best.text.trim() === '' || best.wrong > MAX_WRONG_BITS * best.text.length) return null;
  return { ...best, text: best.text.trimEnd() };
}

/** Lines of text in a frame, against the rendering of the layers beneath. */
export function readText(frame: Frame, below: Frame): TextReading[] {
  const { width, height } = frame;
  const on = new Uint8Array(width * height);
  for (let i = 0; i < on.length; i++) on[i] = Math.abs(frame.y[i]! - below.y[i]!) > DIFF ? 1 : 0;
  const boxes = components(on, width, height);
  if (!boxes?.length) return [];
  const out: TextReading[] = [];
  for (const line of lines(boxes)) {
    const reading = readLine(on, width, height, line);
    if (!reading) continue;
    const placed = refinePosition(frame, below, { ...reading, color: colorOf(frame, on, reading) });
    out.push({ ...placed, color: coveredColor(frame, placed) });
  }
  return out;
}

/** The median of each plane over the centres of the font pixels the reading sets. */
function colorOf(frame: Frame, on: Uint8Array, r: Omit<TextReading, 'color'>): Vec3 {
  const values: [number[], number[], number[]] = [[], [], []];
  const cw = frame.width / 2;
  [...r.text].forEach((char, c) => {
    for (let row = 0; row < GLYPH_ROWS; row++) {
      for (let col = 0; col < GLYPH_COLUMNS; col++) {
        if (!glyphBit(char, col, row)) continue;
        const px = Math.floor(r.x + (c * GLYPH_ADVANCE + col + 0.5) * r.size);
        const py = Math.floor(r.y + (row + 0.5) * r.size);
        if (px < 0 || py < 0 || px >= frame.width || py >= frame.height || !on[py * frame.width + px]) continue;
        values[0].push(frame.y[py * frame.width + px]!);
        // Chroma only where the whole 2x2 block is inside the font pixel (a thin stroke's chroma is mixed).
        if (r.size >= 2) {
          values[1].push(frame.u[(py >> 1) * cw + (px >> 1)]!);
          values[2].push(frame.v[(py >> 1) * cw + (px >> 1)]!);
        }
      }
    }
  });
  const med = (v: number[]) => (v.length ? [...v].sort((a, b) => a - b)[v.length >> 1]! : 128);
  return [med(values[0]), med(values[1]), med(values[2])];
}

/** Per plane, the median over the samples whose centres the placed text covers with half a pixel to spare (a chroma sample takes the text's colour exactly when its centre is covered). */
function coveredColor(frame: Frame, r: TextReading): Vec3 {
  const safe = (x: number, y: number) => covers(r, x, y) && covers(r, x - 0.5, y - 0.5) && covers(r, x + 0.5, y + 0.5) && covers(r, x - 0.5, y + 0.5) && covers(r, x + 0.5, y - 0.5);
  const x0 = Math.max(0, Math.floor(r.x));
  const x1 = Math.min(frame.width - 1, Math.ceil(r.x + r.text.length * GLYPH_ADVANCE * r.size));
  const y0 = Math.max(0, Math.floor(r.y));
  const y1 = Math.min(frame.height - 1, Math.ceil(r.y + GLYPH_ROWS * r.size));
  const planes = [
    { data: frame.y, step: 1, width: frame.width },
    { data: frame.u, step: 2, width: frame.width / 2 },
    { data: frame.v, step: 2, width: frame.width / 2 },
  ];
  return planes.map((p, k) => {
    const values: number[] = [];
    for (let j = Math.floor(y0 / p.step); j <= y1 / p.step; j++) {
      for (let i = Math.floor(x0 / p.step); i <= x1 / p.step; i++) if (safe(p.step * i + p.step / 2, p.step * j + p.step / 2)) values.push(p.data[j * p.width + i]!);
    }
    values.sort((a, b) => a - b);
    return values.length ? values[values.length >> 1]! : r.color[k]!;
  }) as Vec3;
}

export type TextLayer = Extract<Layer, { kind: 'text' }>;

/** A plane as the refinement reads it: its samples, the rendering beneath, its sample spacing in luma pixels, the text's value in it. */
interface PlaneView {
  readonly data: Uint8Array;
  readonly below: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly step: 1 | 2;
  readonly value: number;
}

/** In (1), out (-1) or unknown (0: the text's colour is too close to what is beneath to tell). */
function observed(p: PlaneView, index: number): number {
  const under = p.below[index]!;
  if (Math.abs(p.value - under) < 6) return 0;
  const v = p.data[index]!;
  return Math.abs(v - p.value) < Math.abs(v - under) ? 1 : -1;
}

function covers(r: Omit<TextReading, 'color'>, x: number, y: number): boolean {
  const col = Math.floor((x - r.x) / r.size);
  const row = Math.floor((y - r.y) / r.size);
  if (col < 0 || row < 0 || row >= GLYPH_ROWS) return false;
  const char = r.text[Math.floor(col / GLYPH_ADVANCE)];
  return char !== undefined && glyphBit(char, col % GLYPH_ADVANCE, row);
}

/** The samples that place a reading: luma and chroma on the rows through its font pixels' centres and the columns through them, each in (1) or out (-1). */
export interface Evidence {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly inside: Uint8Array;
}

function evidenceOf(frame: Frame, below: Frame, r: TextReading): Evidence {
  const planes: PlaneView[] = [
    { data: frame.y, below: below.y, width: frame.width, height: frame.height, step: 1, value: r.color[0] },
    { data: frame.u, below: below.u, width: frame.width / 2, height: frame.height / 2, step: 2, value: r.color[1] },
    { data: frame.v, below: below.v, width: frame.width / 2, height: frame.height / 2, step: 2, value: r.color[2] },
  ];
  const xs: number[] = [];
  const ys: number[] = [];
  const inside: number[] = [];
  const span = r.text.length * GLYPH_ADVANCE * r.size;
  const add = (p: PlaneView, i: number, j: number) => {
    if (i < 0 || j < 0 || i >= p.width || j >= p.height) return;
    const o = observed(p, j * p.width + i);
    if (o === 0) return;
    xs.push(p.step * i + p.step / 2);
    ys.push(p.step * j + p.step / 2);
    inside.push(o > 0 ? 1 : 0);
  };
  for (const p of planes) {
    const i0 = Math.floor((r.x - 2 * r.size) / p.step);
    const i1 = Math.ceil((r.x + span + 2 * r.size) / p.step);
    for (let row = 0; row < GLYPH_ROWS; row++) {
      const j = Math.floor((r.y + (row + 0.5) * r.size) / p.step);
      for (let i = i0; i <= i1; i++) add(p, i, j);
    }
    const j0 = Math.floor((r.y - 2 * r.size) / p.step);
    const j1 = Math.ceil((r.y + (GLYPH_ROWS + 2) * r.size) / p.step);
    for (let c = 0; c < r.text.length * GLYPH_ADVANCE; c++) {
      const i = Math.floor((r.x + (c + 0.5) * r.size) / p.step);
      for (let j = j0; j <= j1; j++) add(p, i, j);
    }
  }
  return { x: Float32Array.from(xs), y: Float32Array.from(ys), inside: Uint8Array.from(inside) };
}

/** Samples of the evidence a text at this geometry gets wrong. */
export function misplaced(at: Omit<TextReading, 'color'>, evidence: Evidence): number {
  let wrong = 0;
  for (let k = 0; k < evidence.inside.length; k++) if ((evidence.inside[k] === 1) !== covers(at, evidence.x[k]!, evidence.y[k]!)) wrong++;
  return wrong;
}

/**
 * The reading's origin to a sixteenth of a pixel, luma and chroma together: the luma edges alone
 * place it within a pixel, the chroma samples (at the centres of 2x2 blocks) narrow that. Each of
 * x and y is moved to the middle of the stretch of offsets where the misplaced samples are fewest.
 */
function refinePosition(frame: Frame, below: Frame, r: TextReading): TextReading & { evidence: Evidence } {
  const evidence = evidenceOf(frame, below, r);
  let best: Omit<TextReading, 'color'> = r;
  for (const axis of ['x', 'y'] as const) {
    const scores = Array.from({ length: 33 }, (_, k) => misplaced({ ...best, [axis]: best[axis] + (k - 16) / 16 }, evidence));
    const least = Math.min(...scores);
    let [runStart, runLength, bestStart, bestLength] = [0, 0, 16, 0];
    scores.forEach((score, k) => {
      if (score === least) {
        if (runLength === 0) runStart = k;
        runLength++;
        if (runLength > bestLength) [bestStart, bestLength] = [runStart, runLength];
      } else runLength = 0;
    });
    best = { ...best, [axis]: best[axis] + (bestStart + (bestLength - 1) / 2 - 16) / 16 };
  }
  return { ...r, x: best.x, y: best.y, evidence };
}

// One frame of an experiment, source and artifact side by side, with its three values. The stills
// are rendered by agent-runner from the stored files and cached by dashboard-api (and, with their
// long Cache-Control, by the browser): showing a frame again costs nothing.
import { h, replace } from './dom.ts';
import { db, ssim } from './format.ts';
import { experimentLabel, frameValues } from './frame-charts.ts';
import type { Frames } from './types.ts';

export const stillUrl = (experimentId: string, frame: number, which: 'source' | 'artifact'): string =>
  `/v1/experiments/${encodeURIComponent(experimentId)}/frames/${frame}/${which}.png`;

const vmafText = (value: number | null, frames: Frames) => (value === null ? (frames.vmaf ? 'not scored' : 'not measured') : value.toFixed(2));

/** The values of `frame` in each experiment shown, one line each. */
function valuesLine(frames: Frames, frame: number): HTMLElement {
  const values = frameValues(frames, frame);
  if (!values) return h('li', {}, `${experimentLabel(frames)}: frame ${frame} not compared`);
  return h(
    'li',
    { 'data-testid': 'still-values', 'data-seq': String(frames.seq) },
    h('strong', {}, experimentLabel(frames)),
    ` PSNR ${db(values.psnr)} · SSIM ${ssim(values.ssim)} · VMAF ${vmafText(values.vmaf, frames)}`,
  );
}

/** Asks again for a still that failed to load, to show the API's reason (a 503 names the runner's). */
async function whyNot(url: string): Promise<string> {
  try {
    const response = await fetch(url);
    const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
    return body?.error?.message ?? `HTTP ${response.status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function figure(url: string, caption: string, testid: string, problems: HTMLElement): HTMLElement {
  const img = h('img', { src: url, alt: caption, 'data-testid': testid, decoding: 'async' });
  img.addEventListener('error', async () => {
    img.hidden = true;
    problems.append(h('p', { class: 'notice error', role: 'alert' }, `${caption}: ${await whyNot(url)}`));
  });
  return h('figure', {}, img, h('figcaption', {}, caption));
}

/**
 * Shows `frame` of `primary` (source and artifact) in `box`, with its values in every experiment
 * on the page; `step` moves to the previous (-1) or next (+1) compared frame.
 */
export function showStill(box: HTMLElement, primary: Frames, others: readonly Frames[], frame: number, step: (delta: -1 | 1) => void): void {
  const problems = h('div', {});
  const i = primary.frames.indexOf(frame);
  const nav = (delta: -1 | 1, label: string, disabled: boolean) => {
    const button = h('button', { type: 'button', disabled, 'data-testid': delta < 0 ? 'still-previous' : 'still-next' }, label);
    button.addEventListener('click', () => step(delta));
    return button;
  };
  box.dataset['frame'] = String(frame);
  replace(
    box,
    h(
      'div',
      { class: 'still-head' },
      h('h3', { 'data-testid': 'still-frame' }, `Frame ${frame}`),
      nav(-1, '← previous', i <= 0),
      nav(1, 'next →', i < 0 || i >= primary.frames.length - 1),
    ),
    h('ul', { class: 'still-values' }, [primary, ...others].map((f) => valuesLine(f, frame))),
    h(
      'div',
      { class: 'stills' },
      figure(stillUrl(primary.experimentId, frame, 'source'), `Source, frame ${frame}`, 'still-source', problems),
      figure(stillUrl(primary.experimentId, frame, 'artifact'), `Artifact of ${experimentLabel(primary)}, frame ${frame}, decoded at the source's size`, 'still-artifact', problems),
    ),
    problems,
  );
}

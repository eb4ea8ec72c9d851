// What every view shares: a section whose body is replaced on each refresh, and the messages
// shown when an endpoint is missing or failing.
import { NotAvailable, NotFound } from './api.ts';
import { h, replace, type Child } from './dom.ts';

export interface View {
  readonly el: HTMLElement;
  /** Fetches and redraws what changed; called at once and then on every poll. */
  refresh(): Promise<void>;
  destroy?(): void;
}

export class Section {
  readonly el: HTMLElement;
  readonly body: HTMLElement;

  constructor(title: string, testid: string, intro?: string) {
    this.body = h('div', { class: 'section-body' });
    this.el = h('section', { 'data-testid': testid, 'aria-label': title }, h('h2', {}, title), intro ? h('p', { class: 'muted' }, intro) : null, this.body);
  }

  show(...children: (Child | Child[])[]): void {
    replace(this.body, ...children);
  }

  /** Shows why there is nothing to show; a missing endpoint is "not available yet", never fake data. */
  fail(error: unknown): void {
    this.show(notice(error));
  }
}

export function notice(error: unknown): HTMLElement {
  if (error instanceof NotAvailable) return h('p', { class: 'notice', 'data-testid': 'not-available' }, 'Not available yet: this server does not serve ', h('code', {}, error.message), ' yet.');
  if (error instanceof NotFound) return h('p', { class: 'notice error', role: 'alert' }, `Not found: ${error.message}`);
  return h('p', { class: 'notice error', role: 'alert' }, `Could not load: ${error instanceof Error ? error.message : String(error)}`);
}

export const empty = (text: string): HTMLElement => h('p', { class: 'muted' }, text);

export function badge(text: string, kind = text): HTMLElement {
  return h('span', { class: `badge badge-${kind.replace(/[^a-z-]/gi, '')}` }, text);
}

/** Runs each loader on its own, so one failing endpoint leaves the others on the page. */
export async function settle(tasks: (() => Promise<void>)[]): Promise<void> {
  await Promise.all(tasks.map((task) => task().catch(() => undefined)));
}

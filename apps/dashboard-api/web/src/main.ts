// The dashboard's entry point: hash routing between views, and polling every two seconds so a
// running campaign updates in place.
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { blogListView, blogPostView } from './blog.view.ts';
import { campaignView } from './campaign.view.ts';
import { campaignsView } from './campaigns.view.ts';
import { h } from './dom.ts';
import { experimentsView } from './experiments.view.ts';
import { framesView } from './frames.view.ts';
import type { View } from './view.ts';

const POLL_MS = 2000;
const root = document.getElementById('view')!;
const live = document.querySelector<HTMLElement>('[data-testid="live-indicator"]')!;
let current: View | undefined;
let refreshing: Promise<void> | undefined;

function route(hash: string): { view: View; nav: string } {
  const [path = '', query = ''] = hash.split('?', 2);
  const parts = path.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'experiments' && parts[1] && parts[2] === 'frames') return { view: framesView(parts[1], new URLSearchParams(query)), nav: 'experiments' };
  if (parts[0] === 'campaigns' && parts[1]) return { view: campaignView(parts[1]), nav: 'campaigns' };
  if (parts[0] === 'campaigns') return { view: campaignsView(), nav: 'campaigns' };
  if (parts[0] === 'blog' && parts[1]) return { view: blogPostView(parts[1]), nav: 'blog' };
  if (parts[0] === 'blog') return { view: blogListView(), nav: 'blog' };
  if (parts.length === 0 || parts[0] === 'experiments') return { view: experimentsView(), nav: 'experiments' };
  return { view: { el: h('div', {}, h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Back to experiments'))), refresh: async () => {} }, nav: '' };
}

function show(): void {
  current?.destroy?.();
  const { view, nav } = route(location.hash);
  current = view;
  root.replaceChildren(view.el);
  for (const link of document.querySelectorAll<HTMLElement>('[data-nav]')) {
    if (link.dataset['nav'] === nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  refreshing = undefined;
  void tick();
}

async function tick(): Promise<void> {
  if (refreshing || !current) return;
  const view = current;
  refreshing = view
    .refresh()
    .then(() => {
      live.textContent = `updated ${new Date().toLocaleTimeString()}`;
      live.dataset['updated'] = String(Date.now());
    })
    .catch(() => {
      live.textContent = 'update failed';
    })
    .finally(() => {
      if (current === view) refreshing = undefined;
    });
  await refreshing;
}

window.addEventListener('hashchange', show);
setInterval(() => {
  if (document.visibilityState === 'visible') void tick();
}, POLL_MS);
show();

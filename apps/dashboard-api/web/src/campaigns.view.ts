import { Fetcher } from './api.ts';
import { h, table } from './dom.ts';
import { metricName, shortId, sourceLabel, when } from './format.ts';
import type { ListedCampaign } from './types.ts';
import { badge, empty, Section, type View } from './view.ts';

export function campaignsView(): View {
  const api = new Fetcher();
  const section = new Section('Campaigns', 'campaigns-list', 'Newest first.');
  return {
    el: h('div', {}, h('h1', {}, 'Campaigns'), section.el),
    async refresh() {
      try {
        const { body, changed } = await api.get<{ items: ListedCampaign[] }>('/v1/campaigns?limit=50');
        if (!changed) return;
        if (!body.items.length) return section.show(empty('No campaigns yet.'));
        section.show(
          table(
            'Campaigns, newest first',
            [
              { title: 'Campaign', cell: (c) => h('a', { href: `#/campaigns/${encodeURIComponent(c.id)}`, 'data-testid': 'campaign-link' }, shortId(c.id)) },
              { title: 'Status', cell: (c) => badge(c.status) },
              { title: 'Source', cell: (c) => sourceLabel(c.source) },
              { title: 'Objective', wrap: true, cell: (c) => h('span', { 'data-testid': 'campaign-objective-text' }, c.objectiveText) },
              { title: 'Metric', cell: (c) => h('span', { 'data-testid': 'campaign-metric' }, metricName(c.objective.metric, c.objective.metric === 'vmaf' ? c.vmaf.model : null)) },
              { title: 'Budget', numeric: true, cell: (c) => `${c.maxExperiments} experiments` },
              { title: 'Control arm', cell: (c) => (c.controlArm ? 'yes' : 'no') },
              { title: 'Created', cell: (c) => when(c.createdAt) },
            ],
            body.items,
            { class: 'data', 'data-testid': 'campaigns-table' },
            (c) => ({ 'data-testid': 'campaign-row', 'data-campaign-id': c.id }),
          ),
        );
      } catch (error) {
        section.fail(error);
      }
    },
  };
}

import { Fetcher } from './api.ts';
import { h, replace } from './dom.ts';
import { shortId, when } from './format.ts';
import { renderMarkdown } from './markdown.ts';
import type { BlogPost, BlogSummary } from './types.ts';
import { badge, empty, notice, Section, type View } from './view.ts';

export function blogListView(): View {
  const api = new Fetcher();
  const section = new Section('Posts', 'blog-list', 'Write-ups of finished experiments, newest first.');
  return {
    el: h('div', {}, h('h1', {}, 'Lab blog'), section.el),
    async refresh() {
      try {
        const { body, changed } = await api.get<{ items: BlogSummary[] }>('/v1/blog?limit=50');
        if (!changed) return;
        section.show(
          body.items.length
            ? h(
                'ul',
                { class: 'posts' },
                body.items.map((post) =>
                  h(
                    'li',
                    { 'data-testid': 'blog-item' },
                    h('a', { href: `#/blog/${encodeURIComponent(post.id)}`, 'data-testid': 'blog-link' }, post.title),
                    h('p', { class: 'muted' }, `${when(post.publishedAt)} · campaign `, h('a', { href: `#/campaigns/${encodeURIComponent(post.campaignId)}` }, shortId(post.campaignId)), ` · experiment #${post.seq} `, badge(post.origin)),
                    h('p', {}, post.excerpt),
                  ),
                ),
              )
            : empty('No posts yet.'),
        );
      } catch (error) {
        section.fail(error);
      }
    },
  };
}

export function blogPostView(id: string): View {
  const api = new Fetcher();
  const title = h('h1', { 'data-testid': 'blog-title' }, 'Post');
  const post = h('section', { 'data-testid': 'blog-post', 'aria-labelledby': 'post-title' });
  title.id = 'post-title';
  return {
    el: h('div', {}, h('p', {}, h('a', { href: '#/blog' }, '← All posts')), title, post),
    async refresh() {
      try {
        const { body, changed } = await api.get<BlogPost>(`/v1/blog/${encodeURIComponent(id)}`);
        if (!changed) return;
        title.textContent = body.title;
        const article = h('article', { class: 'markdown', 'data-testid': 'blog-body' });
        // renderMarkdown escapes every character of the post before adding its own markup.
        article.innerHTML = renderMarkdown(withoutTitle(body.markdown, body.title));
        replace(
          post,
          h('p', { class: 'muted' }, `${when(body.publishedAt)} · campaign `, h('a', { href: `#/campaigns/${encodeURIComponent(body.campaignId)}` }, shortId(body.campaignId)), ` · experiment #${body.seq} `, badge(body.origin)),
          article,
        );
      } catch (error) {
        replace(post, notice(error));
      }
    },
  };
}

/** The page already shows the title as its h1; drop the post's own leading "# title" line. */
function withoutTitle(markdown: string, title: string): string {
  const [first, ...rest] = markdown.replace(/^\s+/, '').split('\n');
  return first?.replace(/^#\s+/, '').trim() === title.trim() ? rest.join('\n') : markdown;
}

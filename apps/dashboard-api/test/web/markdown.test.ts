import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../web/src/markdown.ts';

// Blog posts are rendered in the page with innerHTML: the renderer must never pass HTML through.

describe('renderMarkdown', () => {
  it('renders the blocks and inline marks a post uses', () => {
    const html = renderMarkdown(
      ['# Result', '', 'Measured **0.208 Mbps** at *39.62 dB*, see `crf 21`.', '', '- one', '- two', '', '| a | b |', '|---|---|', '| 1 | 2 |', '', '```', 'x < y', '```'].join('\n'),
    );
    expect(html).toContain('<h2>Result</h2>');
    expect(html).toContain('<p>Measured <strong>0.208 Mbps</strong> at <em>39.62 dB</em>, see <code>crf 21</code>.</p>');
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(html).toContain('<table><thead><tr><th scope="col">a</th><th scope="col">b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>');
    expect(html).toContain('<pre><code>x &lt; y</code></pre>');
  });

  it('escapes HTML everywhere and keeps only safe link targets', () => {
    const html = renderMarkdown(
      ['<script>alert(1)</script>', '# <img src=x onerror=alert(1)>', '- <b>bold</b>', '[ok](https://example.org/a) [bad](javascript:alert(1)) [q](/x"onmouseover="alert(1))', '`<i>`'].join('\n\n'),
    );
    expect(html).not.toMatch(/<(script|img|b|i)[\s>]/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<a href="https://example.org/a" rel="noopener noreferrer">ok</a>');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('"onmouseover');
  });
});

// A tiny element builder. Text always goes in as text nodes, so nothing from the API is parsed as HTML.

export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces a node's children, so a section updates in place without rebuilding the page. */
export function replace(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** An accessible table: a caption, column headers with scope, and one row per item. */
export function table<T>(
  caption: string,
  columns: { title: string; numeric?: boolean; wrap?: boolean; help?: string; cell: (item: T) => Child | Child[] }[],
  items: T[],
  attrs: Record<string, string> = {},
  rowAttrs: (item: T) => Record<string, string> = () => ({}),
): HTMLTableElement {
  return h(
    'table',
    attrs,
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : undefined, title: c.help }, c.help ? h('abbr', { title: c.help }, c.title) : c.title)))),
    h(
      'tbody',
      {},
      items.map((item) => h('tr', rowAttrs(item), columns.map((c) => h('td', { class: c.numeric ? 'num' : c.wrap ? 'wrap' : undefined }, c.cell(item))))),
    ),
  );
}

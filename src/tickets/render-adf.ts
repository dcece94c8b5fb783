// Jira's Atlassian Document Format: every value is a text node (with a code
// mark), which Jira never parses as markup: no links, mentions or images
// unless a node says so, and none does.
import type { Block, Inline } from './ticket-doc.js';

export interface AdfNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string }[];
  content?: AdfNode[];
}

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

// ADF text nodes must not be empty.
function textNodes(parts: Inline[]): AdfNode[] {
  const nodes: AdfNode[] = [];
  for (const p of parts) {
    if ('text' in p) {
      if (p.text) nodes.push({ type: 'text', text: p.text });
    } else {
      // A value is one line: line breaks would be taken for hard breaks by no one, but keep it tidy.
      const value = p.value.replace(/[\r\n]+/g, ' ');
      nodes.push(value ? { type: 'text', text: value, marks: [{ type: 'code' }] } : { type: 'text', text: '(none)' });
    }
  }
  return nodes;
}

export function renderAdf(blocks: Block[]): AdfDoc {
  const content: AdfNode[] = [];
  for (const b of blocks) {
    if ('heading' in b) content.push({ type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: b.heading }] });
    else if ('para' in b) content.push({ type: 'paragraph', content: textNodes(b.para) });
    else if ('bullets' in b) {
      content.push({
        type: 'bulletList',
        content: b.bullets.map((item) => ({ type: 'listItem', content: [{ type: 'paragraph', content: textNodes(item) }] })),
      });
    } else if ('code' in b) content.push({ type: 'codeBlock', attrs: { language: 'shell' }, content: [{ type: 'text', text: b.code }] });
    else content.push({ type: 'paragraph', content: [{ type: 'text', text: b.marker }] });
  }
  return { type: 'doc', version: 1, content };
}

/** The text of a document, one line per paragraph (to read the marker back). */
export function adfText(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const n = node as AdfNode;
  if (n.type === 'text') return n.text ?? '';
  const inner = (n.content ?? []).map(adfText).join('');
  return ['paragraph', 'heading', 'codeBlock', 'listItem'].includes(n.type) ? inner + '\n' : inner;
}

// GitHub Markdown: provider values as code spans (escapeMarkdown), so a name
// cannot become a link, a mention, an image, an issue reference or HTML.
import { escapeMarkdown, markdownCodeBlock } from '../util/escape.js';
import type { Block, Inline } from './ticket-doc.js';

export function markdownInline(parts: Inline[]): string {
  return parts.map((p) => ('text' in p ? p.text : (p.value === '' ? '(none)' : escapeMarkdown(p.value)))).join('');
}

export function renderMarkdown(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    if ('heading' in b) out.push(`### ${b.heading}`);
    else if ('para' in b) out.push(markdownInline(b.para));
    else if ('bullets' in b) out.push(b.bullets.map((item) => `- ${markdownInline(item)}`).join('\n'));
    else if ('code' in b) out.push(markdownCodeBlock(b.code, 'sh'));
    else out.push(b.marker);
  }
  return out.join('\n\n') + '\n';
}

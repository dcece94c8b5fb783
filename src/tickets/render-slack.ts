// Slack mrkdwn for incoming webhooks: &, < and > escaped (Slack's own rule,
// which is what keeps <!channel>, <@U…> and <url|text> out), values in code
// so URLs are not linked, backticks inside a value replaced so it stays code.
import type { Block, Inline } from './ticket-doc.js';

export function escapeSlack(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function inline(parts: Inline[]): string {
  return parts
    .map((p) => ('text' in p ? escapeSlack(p.text) : p.value ? '`' + escapeSlack(p.value.replace(/[`\r\n]+/g, "'")) + '`' : '(none)'))
    .join('');
}

/** `heading` is driftgraph's own words (Slack links bare URLs, so provider text stays in the code spans below). */
export function renderSlack(heading: string, blocks: Block[]): string {
  const out = [`*${escapeSlack(heading)}*`];
  for (const b of blocks) {
    if ('heading' in b) out.push(`*${escapeSlack(b.heading)}*`);
    else if ('para' in b) out.push(inline(b.para));
    else if ('bullets' in b) out.push(b.bullets.map((i) => `• ${inline(i)}`).join('\n'));
    else if ('code' in b) out.push('```' + escapeSlack(b.code.replace(/```/g, "'''")) + '```');
    else out.push(escapeSlack(b.marker));
  }
  return out.join('\n');
}

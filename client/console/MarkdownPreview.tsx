/**
 * A live preview of an article's Markdown while it is written: headings, paragraphs, lists,
 * quotes, code, tables, emphasis and links. It builds Preact elements (never HTML strings), so
 * nothing typed can run as script; links keep only http(s), mailto and relative targets. The
 * published page is rendered by the server, which may differ in details.
 */
import type { ComponentChildren, JSX } from 'preact';

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*|__[^_]+__)|(~~[^~]+~~)|(\*[^*\s][^*]*\*|_[^_\s][^_]*_)|(!?\[[^\]]*\]\([^)\s]+(?:\s+"[^"]*")?\))/;

function safeHref(href: string): string | undefined {
  return /^(https?:|mailto:)/i.test(href) || !/^[a-z][a-z0-9+.-]*:/i.test(href.replace(/\s/g, '')) ? href : undefined;
}

function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let rest = text;
  for (let match = INLINE.exec(rest); match; match = INLINE.exec(rest)) {
    if (match.index) out.push(rest.slice(0, match.index));
    const [token, code, strong, del, em, link] = match;
    if (code) out.push(<code>{code.slice(1, -1)}</code>);
    else if (strong) out.push(<strong>{inline(strong.slice(2, -2))}</strong>);
    else if (del) out.push(<del>{inline(del.slice(2, -2))}</del>);
    else if (em) out.push(<em>{inline(em.slice(1, -1))}</em>);
    else if (link) {
      const [, label, href] = /^!?\[([^\]]*)\]\(([^)\s]+)/.exec(link) ?? [];
      // Images are shown as their description: the preview loads nothing from elsewhere.
      out.push(link.startsWith('!') ? `[${label}]` : <a href={safeHref(href)} target="_blank" rel="noopener noreferrer">{inline(label)}</a>);
    }
    rest = rest.slice(match.index + token.length);
  }
  if (rest) out.push(rest);
  return out;
}

const cells = (row: string) => row.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((cell) => cell.trim());
const isTableSeparator = (line: string | undefined) => line !== undefined && /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(line);
const LIST_ITEM = /^\s*([-*+]|\d+[.)])\s+(.*)$/;
const BLOCK_START = /^(#{1,6}\s|```|>|\s*([-*+]|\d+[.)])\s|(-{3,}|\*{3,})\s*$)/;

function blocks(markdown: string): JSX.Element[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: JSX.Element[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const key = out.length;
    if (!line.trim()) {
      i += 1;
    } else if (line.startsWith('```')) {
      const code: string[] = [];
      for (i += 1; i < lines.length && !lines[i].startsWith('```'); i += 1) code.push(lines[i]);
      i += 1;
      out.push(<pre key={key}><code>{code.join('\n')}</code></pre>);
    } else if (/^#{1,6}\s/.test(line)) {
      const [, hashes, text] = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line) ?? ['', '##', line];
      const Tag = (['h2', 'h2', 'h3', 'h4', 'h4', 'h4'] as const)[hashes.length - 1];
      out.push(<Tag key={key}>{inline(text)}</Tag>);
      i += 1;
    } else if (/^(-{3,}|\*{3,})\s*$/.test(line)) {
      out.push(<hr key={key} />);
      i += 1;
    } else if (line.startsWith('>')) {
      const quote: string[] = [];
      for (; i < lines.length && lines[i].startsWith('>'); i += 1) quote.push(lines[i].replace(/^>\s?/, ''));
      out.push(<blockquote key={key}>{blocks(quote.join('\n'))}</blockquote>);
    } else if (LIST_ITEM.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: string[] = [];
      for (; i < lines.length && (LIST_ITEM.test(lines[i]) || (/^\s{2,}\S/.test(lines[i]) && items.length)); i += 1) {
        const item = LIST_ITEM.exec(lines[i]);
        if (item) items.push(item[2]);
        else items[items.length - 1] += ` ${lines[i].trim()}`;
      }
      const List = ordered ? 'ol' : 'ul';
      out.push(<List key={key}>{items.map((item, n) => <li key={n}>{inline(item)}</li>)}</List>);
    } else if (line.includes('|') && isTableSeparator(lines[i + 1])) {
      const head = cells(line);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && lines[i].includes('|') && lines[i].trim(); i += 1) rows.push(cells(lines[i]));
      out.push(
        <table key={key}>
          <thead><tr>{head.map((cell, n) => <th key={n}>{inline(cell)}</th>)}</tr></thead>
          <tbody>{rows.map((row, r) => <tr key={r}>{row.map((cell, n) => <td key={n}>{inline(cell)}</td>)}</tr>)}</tbody>
        </table>,
      );
    } else {
      const paragraph: string[] = [];
      for (; i < lines.length && lines[i].trim() && (!paragraph.length || !BLOCK_START.test(lines[i])); i += 1) paragraph.push(lines[i].trim());
      out.push(<p key={key}>{inline(paragraph.join(' '))}</p>);
    }
  }
  return out;
}

export function MarkdownPreview({ markdown }: { markdown: string }) {
  return (
    <div class="markdown-preview" data-testid="article-preview">
      {blocks(markdown)}
    </div>
  );
}

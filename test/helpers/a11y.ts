/**
 * A small accessibility audit run inside the page, for the browser tests: every form control and
 * button has an accessible name, images have alt text, ids are unique, text meets WCAG AA contrast
 * (4.5:1, or 3:1 for large text) against the background it is drawn on, and nothing is wider than
 * the viewport (usable at phone width). It returns the problems it found, so a test can show them.
 */
import type { Page } from 'playwright-core';

// Plain JavaScript in a string: a function here would be compiled by tsx with helpers the page lacks.
const audit = `(() => {
  const problems = [];
  const visible = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== 'hidden' && style.display !== 'none' && box.width > 0 && box.height > 0;
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.getAttribute('data-testid') ? '[data-testid=' + el.getAttribute('data-testid') + ']' : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const nameOf = (el) => {
    const labelledBy = el.getAttribute('aria-labelledby');
    if (labelledBy) return labelledBy.split(/\\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label').trim();
    if (el.labels && el.labels.length) return [...el.labels].map((label) => label.textContent).join(' ').trim();
    if (el.tagName === 'BUTTON' || el.tagName === 'A') return (el.textContent || '').trim() || el.getAttribute('title') || '';
    return el.getAttribute('title') || el.getAttribute('placeholder') || '';
  };
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]')) {
    if (!visible(el)) continue;
    if (!nameOf(el)) problems.push('no accessible name: ' + describe(el));
  }
  for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) problems.push('image without alt: ' + describe(img));
  const ids = new Map();
  for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
  for (const [id, count] of ids) if (count > 1) problems.push('duplicate id: ' + id + ' (' + count + '×)');

  const parse = (color) => {
    const m = color.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = '1'] = m[1].split(/[ ,/]+/).filter(Boolean);
    return [Number(r), Number(g), Number(b), Number(a)];
  };
  const luminance = ([r, g, b]) => {
    const [R, G, B] = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const backgroundOf = (el) => {
    // Blend the backgrounds from the element up to the page (white under everything).
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage && style.backgroundImage !== 'none') return null; // gradients/images: not judged
      const color = parse(style.backgroundColor);
      if (color && color[3] > 0) { layers.push(color); if (color[3] >= 1) break; }
    }
    let result = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) result = [r * a + result[0] * (1 - a), g * a + result[1] * (1 - a), b * a + result[2] * (1 - a)];
    return result;
  };
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const el = text.parentElement;
    if (!el || seen.has(el) || !text.textContent.trim() || !visible(el)) continue;
    seen.add(el);
    if (el.closest('[aria-hidden=true], .visually-hidden, svg, option')) continue;
    const style = getComputedStyle(el);
    const fg = parse(style.color);
    const bg = backgroundOf(el);
    if (!fg || !bg) continue;
    const a = fg[3];
    const blended = [fg[0] * a + bg[0] * (1 - a), fg[1] * a + bg[1] * (1 - a), fg[2] * a + bg[2] * (1 - a)];
    const [l1, l2] = [luminance(blended), luminance(bg)].sort((x, y) => y - x);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5) - 0.01 && !el.closest('button:disabled, [aria-disabled=true]')) problems.push('contrast ' + ratio.toFixed(2) + ':1 for "' + text.textContent.trim().slice(0, 30) + '" in ' + describe(el));
  }
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    const wide = [...document.querySelectorAll('body *')].filter((el) => visible(el) && el.getBoundingClientRect().right > width + 1 && !el.closest('[data-scrolls]')).slice(0, 3).map(describe);
    problems.push('page wider than the viewport (' + document.documentElement.scrollWidth + ' > ' + width + '): ' + wide.join(', '));
  }
  return problems;
})()`;

/** The accessibility problems on the page as it is now (an empty list when there are none). */
export function auditAccessibility(page: Page): Promise<string[]> {
  return page.evaluate(audit) as Promise<string[]>;
}

/**
 * The embed script: `<script src="PUBLIC_URL/widget.js" async></script>`. It adds a launcher and a
 * chat panel inside a shadow root, so the host page's CSS and ours never meet. Options:
 * `data-locale="zh-CN|en"`, `data-prechat="false"`, and `window.HelpdeskWidgetSettings =
 * {email, name, identifierHash}` for a logged-in customer (identifierHash = hex HMAC-SHA256 of
 * the email with WIDGET_HMAC_SECRET, computed by the site's server).
 */
import { render } from 'preact';
import { fetchWidgetConfig, type WidgetConfig } from './config';
import type { Profile } from './connection';
import { widgetLocale } from './strings';
import { widgetCss } from './styles';
import { Widget } from './Widget';

declare global {
  interface Window {
    HelpdeskWidgetSettings?: Profile;
    __helpdeskWidgetLoaded?: boolean;
  }
}

function start(script: HTMLScriptElement | null): void {
  if (window.__helpdeskWidgetLoaded) return; // the snippet pasted twice
  window.__helpdeskWidgetLoaded = true;
  const serverUrl = script?.src ? new URL(script.src).origin : window.location.origin;
  // The admins' settings (colour, side, texts, pre-chat form); today's defaults if they cannot be read.
  void fetchWidgetConfig(serverUrl).then((config) => mount(script, serverUrl, config));
}

function mount(script: HTMLScriptElement | null, serverUrl: string, config: WidgetConfig): void {
  const host = document.createElement('div');
  host.id = 'helpdesk-widget';
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = widgetCss;
  root.appendChild(style);
  const box = document.createElement('div');
  box.className = config.position === 'left' ? 'left' : 'right';
  // Custom properties cross into the shadow tree's rules; `all: initial` on :host does not reset them.
  box.style.setProperty('--hd', config.color);
  box.style.setProperty('--hd-text', readableOn(config.color));
  root.appendChild(box);
  const locale = widgetLocale(script?.dataset.locale);
  render(
    <Widget
      options={{
        serverUrl,
        locale,
        // The page may turn the form off for itself (data-prechat="false") even when the admins want it.
        preChat: script?.dataset.prechat !== 'false' && config.preChat.enabled,
        requireName: config.preChat.requireName,
        requireEmail: config.preChat.requireEmail,
        greeting: config.greeting[locale],
        offlineMessage: config.offlineMessage[locale],
        identity: window.HelpdeskWidgetSettings ?? null,
      }}
    />,
    box,
  );
}

/** White text on dark colours, near-black on light ones (relative luminance, WCAG). */
function readableOn(hex: string): string {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return luminance > 0.4 ? '#1d2330' : '#fff';
}

// currentScript is only set while the script first runs: read it now, mount when the body exists.
const script = document.currentScript as HTMLScriptElement | null;
if (document.body) start(script);
else document.addEventListener('DOMContentLoaded', () => start(script));

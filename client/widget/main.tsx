/**
 * The embed script: `<script src="PUBLIC_URL/widget.js" async></script>`. It adds a launcher and a
 * chat panel inside a shadow root, so the host page's CSS and ours never meet. Options:
 * `data-locale="zh-CN|en"`, `data-prechat="false"`, and `window.HelpdeskWidgetSettings =
 * {email, name, identifierHash}` for a logged-in customer (identifierHash = hex HMAC-SHA256 of
 * the email with WIDGET_HMAC_SECRET, computed by the site's server).
 */
import { render } from 'preact';
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
  const host = document.createElement('div');
  host.id = 'helpdesk-widget';
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = widgetCss;
  root.appendChild(style);
  const mount = document.createElement('div');
  root.appendChild(mount);
  render(
    <Widget
      options={{
        serverUrl,
        locale: widgetLocale(script?.dataset.locale),
        preChat: script?.dataset.prechat !== 'false',
        identity: window.HelpdeskWidgetSettings ?? null,
      }}
    />,
    mount,
  );
}

// currentScript is only set while the script first runs: read it now, mount when the body exists.
const script = document.currentScript as HTMLScriptElement | null;
if (document.body) start(script);
else document.addEventListener('DOMContentLoaded', () => start(script));

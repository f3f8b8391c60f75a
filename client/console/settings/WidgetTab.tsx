/**
 * Settings → chat widget: colour, side, greetings, pre-chat form, offline message, a live preview,
 * and the embed snippet with this server's public address and a Copy button.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, type LocalizedLabel, type WidgetSettings } from '../../shared/api';
import { t } from '../../shared/i18n';
import { done, failed, OutcomeLine, type Outcome } from './parts';

const hexColour = /^#[0-9a-f]{6}$/i;

function LocalizedFields({ name, legend, value, max, onChange }: { name: string; legend: string; value: LocalizedLabel; max: number; onChange: (value: LocalizedLabel) => void }) {
  return (
    <fieldset class="localized">
      <legend>{legend}</legend>
      <label>
        {t('locale.en')}
        <textarea name={`${name}-en`} rows={2} maxLength={max} value={value.en} onInput={(e) => onChange({ ...value, en: e.currentTarget.value })} />
      </label>
      <label>
        {t('locale.zh-CN')}
        <textarea name={`${name}-zh`} rows={2} maxLength={max} value={value['zh-CN']} onInput={(e) => onChange({ ...value, 'zh-CN': e.currentTarget.value })} />
      </label>
    </fieldset>
  );
}

/** A miniature of the page corner: the launcher in the chosen colour and side. */
function Preview({ settings }: { settings: WidgetSettings }) {
  const colour = hexColour.test(settings.color) ? settings.color : '#2f6fde';
  return (
    <div class={`widget-preview ${settings.position}`} data-testid="widget-preview" aria-label={t('settings.preview')} role="img">
      <span class="widget-preview-bubble" style={{ background: colour }} data-testid="widget-swatch">
        {t('settings.previewLauncher')}
      </span>
    </div>
  );
}

export function WidgetTab() {
  const [settings, setSettings] = useState<WidgetSettings | null>(null);
  const [snippet, setSnippet] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    api.widgetSettings().then(({ embed, ...rest }) => {
      setSettings(rest);
      setSnippet(embed.snippet);
    }, (caught: unknown) => setOutcome(failed(caught)));
  }, []);
  if (!settings) return <OutcomeLine outcome={outcome} />;
  const change = (next: Partial<WidgetSettings>) => {
    setOutcome(null);
    setSettings({ ...settings, ...next });
  };
  const save = async (event: Event) => {
    event.preventDefault();
    if (!hexColour.test(settings.color)) return setOutcome({ ok: false, text: t('settings.badColour') });
    try {
      const { embed: _embed, ...saved } = await api.saveWidgetSettings(settings);
      setSettings(saved);
      setOutcome(done());
    } catch (caught) {
      setOutcome(failed(caught));
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
    } catch {
      // No clipboard permission (plain http): select the text so Ctrl+C works.
      document.querySelector<HTMLTextAreaElement>('textarea[name="embed-snippet"]')?.select();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  const preChat = settings.preChat;
  return (
    <form class="settings-form widget-settings" data-testid="widget-settings" onSubmit={save}>
      <div class="row">
        <label>
          {t('settings.colour')}
          <input type="color" name="color-picker" value={hexColour.test(settings.color) ? settings.color : '#2f6fde'} onInput={(e) => change({ color: e.currentTarget.value })} />
        </label>
        <label>
          {t('settings.colourHex')}
          <input name="color" value={settings.color} pattern="#[0-9a-fA-F]{6}" maxLength={7} size={8} onInput={(e) => change({ color: e.currentTarget.value.trim() })} />
        </label>
        <fieldset class="checks">
          <legend>{t('settings.position')}</legend>
          {(['right', 'left'] as const).map((side) => (
            <label key={side} class="inline">
              <input type="radio" name="position" value={side} checked={settings.position === side} onChange={() => change({ position: side })} />
              {t(side === 'right' ? 'settings.right' : 'settings.left')}
            </label>
          ))}
        </fieldset>
        <Preview settings={settings} />
      </div>
      <LocalizedFields name="greeting" legend={t('settings.greeting')} max={300} value={settings.greeting} onChange={(greeting) => change({ greeting })} />
      <fieldset class="checks">
        <legend>{t('settings.preChat')}</legend>
        <label class="inline">
          <input type="checkbox" name="prechat-enabled" checked={preChat.enabled} onChange={(e) => change({ preChat: { ...preChat, enabled: e.currentTarget.checked } })} />
          {t('settings.preChatEnabled')}
        </label>
        <label class="inline">
          <input type="checkbox" name="prechat-name" disabled={!preChat.enabled} checked={preChat.requireName} onChange={(e) => change({ preChat: { ...preChat, requireName: e.currentTarget.checked } })} />
          {t('settings.requireName')}
        </label>
        <label class="inline">
          <input type="checkbox" name="prechat-email" disabled={!preChat.enabled} checked={preChat.requireEmail} onChange={(e) => change({ preChat: { ...preChat, requireEmail: e.currentTarget.checked } })} />
          {t('settings.requireEmail')}
        </label>
      </fieldset>
      <LocalizedFields name="offline" legend={t('settings.offlineMessage')} max={500} value={settings.offlineMessage} onChange={(offlineMessage) => change({ offlineMessage })} />
      <p class="muted">{t('settings.emptyMeansDefault')}</p>
      <OutcomeLine outcome={outcome} />
      <button type="submit">{t('save')}</button>
      <h3>{t('settings.embed')}</h3>
      <p class="muted">{t('settings.embedHelp')}</p>
      <div class="embed">
        <label class="grow">
          <span class="visually-hidden">{t('settings.embed')}</span>
          <textarea name="embed-snippet" readOnly rows={2} value={snippet} data-testid="embed-snippet" />
        </label>
        <button type="button" class="secondary" onClick={() => void copy()} data-testid="copy-snippet">
          {copied ? t('settings.copied') : t('settings.copy')}
        </button>
      </div>
    </form>
  );
}

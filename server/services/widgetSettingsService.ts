/**
 * The chat widget's look and behaviour, set by admins and read by every embedded widget at start:
 * colour, side of the page, greeting, pre-chat form and offline message. Kept in the settings
 * table (one JSON row) so every node and restart sees the same value.
 */
import { z } from 'zod';
import type { AppContext } from '../context';
import { Setting } from '../models/Setting';
import type { Actor } from '../policies/actor';
import { recordAudit } from './auditService';

export const WIDGET_SETTINGS_KEY = 'widget.settings';

/** Empty text means "the widget's built-in text in that language". */
const localizedText = (max: number) =>
  z.object({ en: z.string().trim().max(max, `must be at most ${max} characters`), 'zh-CN': z.string().trim().max(max, `must be at most ${max} characters`) });

export const widgetSettingsSchema = z
  .object({
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #2f6fde').transform((value) => value.toLowerCase()),
    position: z.enum(['right', 'left']),
    greeting: localizedText(300),
    preChat: z.object({ enabled: z.boolean(), requireName: z.boolean(), requireEmail: z.boolean() }),
    offlineMessage: localizedText(500),
  })
  .meta({ id: 'WidgetSettings' });
export type WidgetSettings = z.output<typeof widgetSettingsSchema>;

/** Today's widget: blue, bottom right, built-in texts, an optional name/email form. */
export const DEFAULT_WIDGET_SETTINGS: WidgetSettings = {
  color: '#2f6fde',
  position: 'right',
  greeting: { en: '', 'zh-CN': '' },
  preChat: { enabled: true, requireName: false, requireEmail: false },
  offlineMessage: { en: '', 'zh-CN': '' },
};

export async function readWidgetSettings(): Promise<WidgetSettings> {
  const row = await Setting.findByPk(WIDGET_SETTINGS_KEY);
  if (!row) return DEFAULT_WIDGET_SETTINGS;
  // A row written by an older version may lack newer fields: fill them from the defaults.
  const stored = JSON.parse(row.value) as Partial<WidgetSettings>;
  const parsed = widgetSettingsSchema.safeParse({ ...DEFAULT_WIDGET_SETTINGS, ...stored });
  return parsed.success ? parsed.data : DEFAULT_WIDGET_SETTINGS;
}

export async function saveWidgetSettings(ctx: AppContext, actor: Actor, value: WidgetSettings): Promise<WidgetSettings> {
  await ctx.transactions.run(async (transaction) => {
    await Setting.upsert({ key: WIDGET_SETTINGS_KEY, value: JSON.stringify(value) }, { transaction });
    await recordAudit(transaction, { actor, action: 'settings.widget', entityType: 'setting', entityId: 0, changes: value });
  });
  return value;
}

/** The embed snippet with this server's public address. */
export function embedSnippet(publicUrl: string): string {
  return `<script src="${publicUrl}/widget.js" async></script>`;
}

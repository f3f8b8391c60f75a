/**
 * The admins' widget settings from `GET /api/widget/config`. The widget must work even when the
 * server is slow or old, so a failure, a timeout (3 s) or an odd answer gives today's defaults.
 */
export interface WidgetConfig {
  color: string;
  position: 'right' | 'left';
  greeting: { en: string; 'zh-CN': string };
  preChat: { enabled: boolean; requireName: boolean; requireEmail: boolean };
  offlineMessage: { en: string; 'zh-CN': string };
}

export const defaultWidgetConfig: WidgetConfig = {
  color: '#2f6fde',
  position: 'right',
  greeting: { en: '', 'zh-CN': '' },
  preChat: { enabled: true, requireName: false, requireEmail: false },
  offlineMessage: { en: '', 'zh-CN': '' },
};

export async function fetchWidgetConfig(serverUrl: string): Promise<WidgetConfig> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 3000);
  try {
    const response = await fetch(`${serverUrl}/api/widget/config`, { signal: controller.signal });
    const body = response.ok ? ((await response.json()) as Partial<WidgetConfig>) : {};
    const config = { ...defaultWidgetConfig, ...body };
    // Only a plain #rrggbb reaches the style attribute.
    if (!/^#[0-9a-f]{6}$/i.test(config.color)) config.color = defaultWidgetConfig.color;
    return config;
  } catch {
    return defaultWidgetConfig;
  } finally {
    clearTimeout(timer);
  }
}

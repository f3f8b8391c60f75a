/**
 * Settings → alerts: how long a customer may wait (by default and per priority), when to warn,
 * when to escalate, and the business-hours calendar the clock runs in (time zone, weekly hours,
 * holidays). A blank number falls back to the ALERT_* environment, shown as the placeholder.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, customerSegments, weekdayNames, type AlertPolicyView, type AlertSettings, type TicketPriority, type Weekday } from '../../shared/api';
import { t } from '../../shared/i18n';
import { done, failed, OutcomeLine, type Outcome } from './parts';

const priorities: TicketPriority[] = ['urgent', 'high', 'normal', 'low'];
type Calendar = NonNullable<AlertSettings['calendar']>;
const defaultCalendar: Calendar = {
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Shanghai',
  days: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'], wed: ['09:00', '18:00'], thu: ['09:00', '18:00'], fri: ['09:00', '18:00'] },
  holidays: [],
};
const zones = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'UTC'];

/** '' → undefined (not set), otherwise the number. */
const numberOrUnset = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

function NumberField({ name, label, value, placeholder, step = 'any', onChange }: { name: string; label: string; value: number | undefined; placeholder: string; step?: string; onChange: (value: number | undefined) => void }) {
  return (
    <label>
      {label}
      <input name={name} type="number" min="0" step={step} value={value ?? ''} placeholder={placeholder} onInput={(e) => onChange(numberOrUnset(e.currentTarget.value))} />
    </label>
  );
}

function CalendarFields({ calendar, onChange }: { calendar: Calendar; onChange: (calendar: Calendar) => void }) {
  const [holiday, setHoliday] = useState('');
  const setDay = (day: Weekday, hours: [string, string] | undefined) => {
    const days = { ...calendar.days };
    if (hours) days[day] = hours;
    else delete days[day];
    onChange({ ...calendar, days });
  };
  return (
    <div class="business-hours" data-testid="business-hours">
      <label>
        {t('timeZone')}
        <input name="time-zone" list="settings-zones" required value={calendar.timeZone} onInput={(e) => onChange({ ...calendar, timeZone: e.currentTarget.value.trim() })} />
        <datalist id="settings-zones">
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </label>
      <table class="settings-table hours-table">
        <tbody>
          {weekdayNames.map((day) => {
            const hours = calendar.days[day];
            return (
              <tr key={day} data-testid={`hours-${day}`}>
                <th scope="row">
                  <label class="inline">
                    <input type="checkbox" name={`open-${day}`} checked={Boolean(hours)} onChange={(e) => setDay(day, e.currentTarget.checked ? ['09:00', '18:00'] : undefined)} />
                    {t(`settings.day.${day}`)}
                  </label>
                </th>
                <td>
                  {hours ? (
                    <span class="row">
                      <input type="time" name={`from-${day}`} aria-label={t('settings.opensAt', { day: t(`settings.day.${day}`) })} value={hours[0]} onInput={(e) => setDay(day, [e.currentTarget.value, hours[1]])} />
                      –
                      <input type="time" name={`to-${day}`} aria-label={t('settings.closesAt', { day: t(`settings.day.${day}`) })} value={hours[1]} onInput={(e) => setDay(day, [hours[0], e.currentTarget.value])} />
                    </span>
                  ) : (
                    <span class="muted">{t('settings.closed')}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <fieldset class="checks">
        <legend>{t('settings.holidays')}</legend>
        <ul class="holiday-list">
          {calendar.holidays.map((day) => (
            <li key={day}>
              {day}{' '}
              <button type="button" class="link" aria-label={t('settings.removeHoliday', { day })} onClick={() => onChange({ ...calendar, holidays: calendar.holidays.filter((d) => d !== day) })}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <span class="row">
          <input type="date" name="holiday" aria-label={t('settings.holiday')} value={holiday} onInput={(e) => setHoliday(e.currentTarget.value)} />
          <button
            type="button"
            class="secondary"
            disabled={!holiday}
            onClick={() => {
              onChange({ ...calendar, holidays: [...new Set([...calendar.holidays, holiday])].sort() });
              setHoliday('');
            }}
          >
            {t('settings.addHoliday')}
          </button>
        </span>
      </fieldset>
    </div>
  );
}

export function AlertsTab() {
  const [view, setView] = useState<AlertPolicyView | null>(null);
  const [draft, setDraft] = useState<AlertSettings>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  useEffect(() => {
    api.alertSettings().then((loaded) => {
      setView(loaded);
      setDraft(loaded.settings);
    }, (caught: unknown) => setOutcome(failed(caught)));
  }, []);
  if (!view) return <OutcomeLine outcome={outcome} />;
  const change = (next: Partial<AlertSettings>) => {
    setOutcome(null);
    setDraft({ ...draft, ...next });
  };
  const save = async (event: Event) => {
    event.preventDefault();
    // Unset per-priority values are left out, so the default applies to them.
    const byPriority = Object.fromEntries(Object.entries(draft.byPriority ?? {}).filter(([, hours]) => hours !== undefined));
    const bySegment = Object.fromEntries(Object.entries(draft.bySegment ?? {}).filter(([, hours]) => hours !== undefined));
    try {
      const saved = await api.saveAlertSettings({ ...draft, byPriority, bySegment });
      setView(saved);
      setDraft(saved.settings);
      setOutcome(done());
    } catch (caught) {
      setOutcome(failed(caught));
    }
  };
  const effective = view.effective;
  return (
    <form class="settings-form alert-settings" data-testid="alert-settings" onSubmit={save}>
      <fieldset class="checks">
        <legend>{t('settings.thresholds')}</legend>
        <div class="row">
          <NumberField name="after-hours" label={t('settings.afterHours')} value={draft.afterHours} placeholder={String(effective.afterHours)} onChange={(afterHours) => change({ afterHours })} />
          {priorities.map((priority) => (
            <NumberField
              key={priority}
              name={`hours-${priority}`}
              label={t(`priority.${priority}`)}
              value={draft.byPriority?.[priority]}
              placeholder={String(draft.afterHours ?? effective.afterHours)}
              onChange={(hours) => change({ byPriority: { ...draft.byPriority, [priority]: hours } })}
            />
          ))}
        </div>
        <p class="muted">{t('settings.hoursHelp')}</p>
      </fieldset>
      <fieldset class="checks">
        <legend>{t('settings.tierThresholds')}</legend>
        <div class="row">
          {customerSegments.map((segment) => (
            <NumberField
              key={segment}
              name={`hours-segment-${segment}`}
              label={t(`segment.${segment}`)}
              value={draft.bySegment?.[segment]}
              placeholder="—"
              onChange={(hours) => change({ bySegment: { ...draft.bySegment, [segment]: hours } })}
            />
          ))}
        </div>
        <p class="muted">{t('settings.tierThresholdsHelp')}</p>
      </fieldset>
      <div class="row">
        <NumberField name="warn-ratio" label={t('settings.warnRatio')} step="0.05" value={draft.warnRatio} placeholder={String(effective.warnRatio ?? 0)} onChange={(warnRatio) => change({ warnRatio })} />
        <NumberField name="escalate-hours" label={t('settings.escalateAfter')} value={draft.escalateAfterHours} placeholder={String(effective.escalateAfterHours ?? 0)} onChange={(escalateAfterHours) => change({ escalateAfterHours })} />
      </div>
      <fieldset class="checks">
        <legend>{t('settings.businessHours')}</legend>
        <label class="inline">
          <input type="checkbox" name="use-calendar" checked={Boolean(draft.calendar)} onChange={(e) => change({ calendar: e.currentTarget.checked ? defaultCalendar : null })} />
          {t('settings.useBusinessHours')}
        </label>
        {draft.calendar && <CalendarFields calendar={draft.calendar} onChange={(calendar) => change({ calendar })} />}
      </fieldset>
      <OutcomeLine outcome={outcome} />
      <button type="submit">{t('save')}</button>
    </form>
  );
}

import { expect } from 'chai';
import { addWorkingTime, workingTimeBetween, type BusinessCalendar } from '../../server/alerts/businessHours';
import { afterMessage, afterStatusChange, deadlines, type AlertPolicy, type WaitState } from '../../server/alerts/waitingClock';

const HOUR = 3_600_000;
const idle: WaitState = { waitingSince: null, waitResumedAt: null, waitCreditMs: 0, waitSeq: 0 };
const policy = (overrides: Partial<AlertPolicy> = {}): AlertPolicy => ({ afterHours: 12, byPriority: {}, bySegment: {}, warnRatio: 0.75, escalateAfterHours: 2, calendar: null, ...overrides });
const at = (iso: string) => new Date(iso);

/** Shanghai office: Mon–Fri 09:00–18:00, closed on 2026-10-01 (National Day). */
const shanghai: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  days: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'], wed: ['09:00', '18:00'], thu: ['09:00', '18:00'], fri: ['09:00', '18:00'] },
  holidays: ['2026-10-01'],
};

describe('waiting clock', () => {
  it('a customer message starts a wait (a new wait number); a second one keeps the first start', () => {
    const first = afterMessage(idle, { authorType: 'customer', internal: false, at: at('2026-11-24T09:00:00Z') });
    expect(first).to.deep.equal({ waitingSince: at('2026-11-24T09:00:00Z'), waitResumedAt: at('2026-11-24T09:00:00Z'), waitCreditMs: 0, waitSeq: 1 });
    expect(afterMessage(first, { authorType: 'customer', internal: false, at: at('2026-11-24T10:00:00Z') })).to.deep.equal(first);
  });

  it('a public agent reply ends the wait; an internal note and a system message do not', () => {
    const waiting = afterMessage(idle, { authorType: 'customer', internal: false, at: at('2026-11-24T09:00:00Z') });
    expect(afterMessage(waiting, { authorType: 'agent', internal: false, at: at('2026-11-24T10:00:00Z') })).to.deep.equal({ ...idle, waitSeq: 1 });
    expect(afterMessage(waiting, { authorType: 'agent', internal: true, at: at('2026-11-24T10:00:00Z') })).to.deep.equal(waiting);
    expect(afterMessage(waiting, { authorType: 'system', internal: false, at: at('2026-11-24T10:00:00Z') })).to.deep.equal(waiting);
  });

  it('is due after the threshold, warns at 75%, and uses shorter thresholds per priority', () => {
    const waiting = afterMessage(idle, { authorType: 'customer', internal: false, at: at('2026-11-24T09:00:00Z') });
    expect(deadlines(waiting, 'open', 'normal', policy())).to.deep.equal({ alertDueAt: at('2026-11-24T21:00:00Z'), alertWarnAt: at('2026-11-24T18:00:00Z') });
    expect(deadlines(waiting, 'open', 'urgent', policy({ byPriority: { urgent: 2 } })).alertDueAt).to.deep.equal(at('2026-11-24T11:00:00Z'));
    expect(deadlines(waiting, 'open', 'normal', policy({ afterHours: 0.001, warnRatio: null }))).to.deep.equal({ alertDueAt: new Date(at('2026-11-24T09:00:00Z').getTime() + 3600), alertWarnAt: null });
    for (const status of ['pending', 'solved', 'closed'] as const) expect(deadlines(waiting, status, 'normal', policy()).alertDueAt).to.equal(null);
    expect(deadlines(idle, 'open', 'normal', policy()).alertDueAt).to.equal(null);
  });

  it('uses the shorter of the priority and the customer tier threshold', () => {
    const waiting = afterMessage(idle, { authorType: 'customer', internal: false, at: at('2026-11-24T09:00:00Z') });
    const tiered = policy({ byPriority: { urgent: 2 }, bySegment: { high_value: 4 } });
    expect(deadlines(waiting, 'open', 'normal', tiered, 'high_value').alertDueAt).to.deep.equal(at('2026-11-24T13:00:00Z'));
    // Urgent is shorter still; a tier without a threshold and no tier keep the priority's.
    expect(deadlines(waiting, 'open', 'urgent', tiered, 'high_value').alertDueAt).to.deep.equal(at('2026-11-24T11:00:00Z'));
    expect(deadlines(waiting, 'open', 'normal', tiered, 'regular').alertDueAt).to.deep.equal(at('2026-11-24T21:00:00Z'));
    expect(deadlines(waiting, 'open', 'normal', tiered, null).alertDueAt).to.deep.equal(at('2026-11-24T21:00:00Z'));
    // A tier may also be given more time than the default.
    expect(deadlines(waiting, 'open', 'normal', policy({ bySegment: { never_bought: 24 } }), 'never_bought').alertDueAt).to.deep.equal(at('2026-11-24T21:00:00Z'));
  });

  it('pending pauses the wait and keeps the time already waited; reopening resumes it', () => {
    const waiting = afterMessage(idle, { authorType: 'customer', internal: false, at: at('2026-11-24T09:00:00Z') });
    const paused = afterStatusChange(waiting, 'open', 'pending', at('2026-11-24T13:00:00Z'), null);
    expect(paused).to.deep.include({ waitResumedAt: null, waitCreditMs: 4 * HOUR });
    expect(deadlines(paused, 'pending', 'normal', policy()).alertDueAt).to.equal(null);
    const resumed = afterStatusChange(paused, 'pending', 'open', at('2026-11-25T09:00:00Z'), null);
    // 4 h waited already: 8 h left from the resume.
    expect(deadlines(resumed, 'open', 'normal', policy()).alertDueAt).to.deep.equal(at('2026-11-25T17:00:00Z'));
    // A customer writing on the pending ticket also resumes (not restarts) the wait.
    const byMessage = afterMessage(paused, { authorType: 'customer', internal: false, at: at('2026-11-25T09:00:00Z') });
    expect(byMessage).to.deep.include({ waitingSince: at('2026-11-24T09:00:00Z'), waitResumedAt: at('2026-11-25T09:00:00Z'), waitCreditMs: 4 * HOUR, waitSeq: 1 });
  });
});

describe('business hours', () => {
  it('counts only opening hours, across a weekend', () => {
    // Friday 2026-11-27 16:00 Shanghai (08:00Z) + 12 working hours: 2 h on Friday, 9 h Monday, 1 h Tuesday.
    expect(addWorkingTime(at('2026-11-27T08:00:00Z'), 12 * HOUR, shanghai)).to.deep.equal(at('2026-12-01T02:00:00Z'));
    expect(workingTimeBetween(at('2026-11-27T08:00:00Z'), at('2026-12-01T02:00:00Z'), shanghai)).to.equal(12 * HOUR);
  });

  it('skips holidays, and a message outside hours starts counting at the next opening', () => {
    // Wednesday 2026-09-30 20:00 Shanghai: Thursday is National Day, so counting starts Friday 09:00.
    expect(addWorkingTime(at('2026-09-30T12:00:00Z'), 1 * HOUR, shanghai)).to.deep.equal(at('2026-10-02T02:00:00Z'));
  });

  it('follows daylight-saving changes in the calendar’s time zone', () => {
    const berlin: BusinessCalendar = { timeZone: 'Europe/Berlin', days: { mon: ['09:00', '17:00'], fri: ['09:00', '17:00'] }, holidays: [] };
    // Friday 2026-10-23 is summer time (UTC+2); Monday 2026-10-26 is winter time (UTC+1).
    expect(addWorkingTime(at('2026-10-23T14:00:00Z'), 2 * HOUR, berlin)).to.deep.equal(at('2026-10-26T09:00:00Z'));
  });

  it('applies to deadlines: a Friday-evening mail is due on Tuesday, not on Saturday', () => {
    // 19:00 in Shanghai, after closing: 9 h on Monday, 3 h on Tuesday.
    const waiting = afterMessage(idle, { authorType: 'customer', internal: false, at: at('2026-11-27T11:00:00Z') });
    expect(deadlines(waiting, 'open', 'normal', policy({ calendar: shanghai, warnRatio: null })).alertDueAt).to.deep.equal(at('2026-12-01T04:00:00Z'));
  });
});

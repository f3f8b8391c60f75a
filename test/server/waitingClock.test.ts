import { expect } from 'chai';
import { alertDueAt, clockAfterMessage, waitingSinceAfter } from '../../server/alerts/waitingClock';

const t0 = new Date('2026-11-24T09:00:00Z');
const t1 = new Date('2026-11-24T10:00:00Z');

describe('waiting clock', () => {
  it('a customer message starts the wait; a second one keeps the first start', () => {
    expect(waitingSinceAfter(null, { authorType: 'customer', internal: false, at: t0 })).to.deep.equal(t0);
    expect(waitingSinceAfter(t0, { authorType: 'customer', internal: false, at: t1 })).to.deep.equal(t0);
  });

  it('a public agent reply stops it; an internal note and a system message do not', () => {
    expect(waitingSinceAfter(t0, { authorType: 'agent', internal: false, at: t1 })).to.equal(null);
    expect(waitingSinceAfter(t0, { authorType: 'agent', internal: true, at: t1 })).to.deep.equal(t0);
    expect(waitingSinceAfter(t0, { authorType: 'system', internal: false, at: t1 })).to.deep.equal(t0);
  });

  it('is due ALERT_AFTER_HOURS after the wait started, only while the ticket is open', () => {
    expect(alertDueAt(t0, 'open', 12)).to.deep.equal(new Date('2026-11-24T21:00:00Z'));
    expect(alertDueAt(t0, 'open', 0.001)).to.deep.equal(new Date(t0.getTime() + 3600));
    for (const status of ['pending', 'solved', 'closed'] as const) expect(alertDueAt(t0, status, 12)).to.equal(null);
    expect(alertDueAt(null, 'open', 12)).to.equal(null);
  });

  it('combines both for a message', () => {
    expect(clockAfterMessage(null, 'open', { authorType: 'customer', internal: false, at: t0 }, 1)).to.deep.equal({
      waitingSince: t0,
      alertDueAt: new Date('2026-11-24T10:00:00Z'),
    });
    expect(clockAfterMessage(t0, 'open', { authorType: 'agent', internal: false, at: t1 }, 1)).to.deep.equal({ waitingSince: null, alertDueAt: null });
  });
});

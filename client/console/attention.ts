/**
 * What pulls an agent back to the console while it is in a background tab: an unread count in the
 * tab title ("(3) Help desk") and, when the agent allowed it, a desktop notification. Counted are
 * the things that need an answer from this agent: a new ticket or a customer message on a ticket
 * assigned to them or to nobody, and alerts. Seeing the tab again clears the count.
 */
import { api, type Agent, type Ticket } from '../shared/api';
import { t } from '../shared/i18n';
import { onServerEvent } from '../shared/realtime';

let unread = 0;
let baseTitle = '';

function render(): void {
  document.title = unread ? `(${unread}) ${baseTitle}` : baseTitle;
}

function concernsMe(ticket: Pick<Ticket, 'assigneeId'>, me: Agent): boolean {
  return ticket.assigneeId === null || ticket.assigneeId === me.id;
}

function notify(title: string, body: string, ticketId: number): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  // One notification per ticket: a newer message replaces the older one instead of stacking up.
  const notification = new Notification(title, { body: body.slice(0, 180), tag: `ticket-${ticketId}` });
  notification.onclick = () => {
    window.focus();
    location.hash = `#/tickets/${ticketId}`;
    notification.close();
  };
}

function attention(title: string, body: string, ticketId: number): void {
  if (document.visibilityState === 'visible') return;
  unread += 1;
  render();
  notify(title, body, ticketId);
}

/** Starts counting for this agent; returns the function that stops it (on logout). */
export function watchForAttention(me: Agent): () => void {
  baseTitle = t('appName');
  unread = 0;
  render();
  const onVisible = () => {
    if (document.visibilityState !== 'visible') return;
    unread = 0;
    render();
  };
  document.addEventListener('visibilitychange', onVisible);
  const offs = [
    onServerEvent('ticket.created', ({ ticket }) => {
      if (concernsMe(ticket, me)) attention(t('notify.newTicket', { number: ticket.number }), ticket.subject, ticket.id);
    }),
    onServerEvent('message.created', ({ ticketId, message }) => {
      if (message.authorType !== 'customer' || message.internal || message.automatic || document.visibilityState === 'visible') return;
      // The event does not say whose ticket it is; one small read, and only while the tab is hidden.
      api.ticket(ticketId).then(
        (ticket) => {
          // The first message of a new ticket was already counted with ticket.created.
          if (concernsMe(ticket, me) && ticket.messages[0]?.id !== message.id) attention(t('notify.newMessage', { number: ticket.number }), message.body, ticketId);
        },
        () => undefined,
      );
    }),
    onServerEvent('alert.raised', ({ alert }) => attention(t('notify.alert', { number: alert.ticket?.number ?? alert.ticketId }), alert.ticket?.subject ?? '', alert.ticketId)),
  ];
  return () => {
    document.removeEventListener('visibilitychange', onVisible);
    offs.forEach((off) => off());
    unread = 0;
    render();
  };
}

/** Whether to offer the "allow desktop notifications" button. */
export function canAskForNotifications(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'default';
}

export async function askForNotifications(): Promise<NotificationPermission> {
  return Notification.requestPermission();
}

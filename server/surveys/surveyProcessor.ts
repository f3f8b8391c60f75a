/**
 * Sends the survey when a ticket turns solved (a processor of `ticket.updated`, after commit,
 * off the agent's request). A chat visitor who is online also gets a `survey` event so the
 * widget shows the rating row at once; the system message carries the link for later.
 */
import type { Namespace } from 'socket.io';
import type { AppContext } from '../context';
import { rooms } from '../realtime/rooms';
import { sendSurveyOnSolve } from './surveyService';

export function startSurveys(ctx: AppContext, widget: Namespace): void {
  ctx.events.subscribe('ticket.updated', 'surveys.after-solve', async ({ ticketId, changed }) => {
    if (!ctx.config.SURVEY_AFTER_SOLVE || !changed.includes('status')) return;
    const sent = await sendSurveyOnSolve(ctx, ticketId);
    // An emit to an empty room is a no-op: offline visitors find the link in their history.
    if (sent?.channel === 'chat') widget.to(rooms.customer(sent.customerId)).emit('survey', { token: sent.token, ticketId });
  });
}

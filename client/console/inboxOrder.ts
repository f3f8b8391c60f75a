/**
 * The order of the inbox the agent last looked at, so "next ticket" (j/k in a ticket, or after
 * closing one) walks the same list. Kept in sessionStorage: per tab, and it survives a reload.
 */
const KEY = 'hd.inboxOrder';

export function rememberInboxOrder(ticketIds: number[]): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(ticketIds.slice(0, 500)));
  } catch {
    // Storage full or disabled: next/previous then simply has nowhere to go.
  }
}

/** The ticket after (step 1) or before (step -1) this one in the remembered inbox, or null. */
export function neighbourTicket(ticketId: number, step: 1 | -1): number | null {
  let ids: number[] = [];
  try {
    ids = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as number[];
  } catch {
    return null;
  }
  const index = ids.indexOf(ticketId);
  if (index === -1) return ids[0] ?? null;
  return ids[index + step] ?? null;
}

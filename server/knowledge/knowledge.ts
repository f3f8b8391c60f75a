/**
 * Starts the knowledge side of the server: imports the shipped articles and templates not seen
 * before, loads the suggestion index, and learns from agents' template replies (a processor of
 * `message.created`).
 */
import type { AppContext } from '../context';
import { learnFromReply } from '../services/suggestionService';
import { seedKnowledge } from './seedFiles';

export async function startKnowledge(ctx: AppContext): Promise<void> {
  await seedKnowledge(ctx);
  await ctx.knowledge.sync();
  ctx.events.subscribe('message.created', 'knowledge.learn', async (event) => {
    if (event.templateId && event.authorType === 'agent' && !event.internal) await learnFromReply(ctx, event.messageId);
  });
}

/** Starts outgoing webhooks: the event processor that queues deliveries and the background deliverer. */
import type { AppContext } from '../context';
import { WebhookDeliverer } from './deliverer';
import { subscribeWebhookEvents } from './enqueue';

export class Webhooks {
  readonly deliverer: WebhookDeliverer;

  /** `deliver: false` (a web-only node, issue #9): queue deliveries on events, leave sending to workers. */
  constructor(ctx: AppContext, options: { deliver?: boolean } = {}) {
    this.deliverer = new WebhookDeliverer(ctx);
    subscribeWebhookEvents(ctx, () => this.deliverer.kick());
    if (options.deliver ?? true) this.deliverer.start();
  }

  stop(): Promise<void> {
    return this.deliverer.stop();
  }
}

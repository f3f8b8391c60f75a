/** Starts outgoing webhooks: the event processor that queues deliveries and the background deliverer. */
import type { AppContext } from '../context';
import { WebhookDeliverer } from './deliverer';
import { subscribeWebhookEvents } from './enqueue';

export class Webhooks {
  readonly deliverer: WebhookDeliverer;

  constructor(ctx: AppContext) {
    this.deliverer = new WebhookDeliverer(ctx);
    subscribeWebhookEvents(ctx, () => this.deliverer.kick());
    this.deliverer.start();
  }

  stop(): Promise<void> {
    return this.deliverer.stop();
  }
}

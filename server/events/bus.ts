/**
 * Publish-after-commit and the processor registry. A service calls `publishAfterCommit` inside
 * its transaction; processors (socket push, mailer, alert clock …) run only once the data they
 * react to is durable, off the request's path. A failing processor is logged, never rethrown
 * into the service that published.
 */
import type { Transaction } from 'sequelize';
import type { Logger } from '../util/logger';
import type { DomainEvents, EventName } from './types';

export type Processor<K extends EventName> = (payload: DomainEvents[K]) => Promise<void> | void;

export class EventBus {
  private readonly processors = new Map<EventName, Array<{ name: string; run: Processor<EventName> }>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Registers a named processor for one event; the name appears in logs when it fails. */
  subscribe<K extends EventName>(event: K, name: string, processor: Processor<K>): void {
    const list = this.processors.get(event) ?? [];
    list.push({ name, run: processor as Processor<EventName> });
    this.processors.set(event, list);
  }

  /** Queues the event to be published when `transaction` commits; dropped if it rolls back. */
  publishAfterCommit<K extends EventName>(transaction: Transaction, event: K, payload: DomainEvents[K]): void {
    transaction.afterCommit(() => this.publish(event, payload));
  }

  /** Publishes now: only for facts that are already durable (no transaction involved). */
  publish<K extends EventName>(event: K, payload: DomainEvents[K]): void {
    for (const processor of this.processors.get(event) ?? []) {
      const running: Promise<void> = Promise.resolve()
        .then(() => processor.run(payload))
        .catch((error: unknown) => this.logger.error('event processor failed', { event, processor: processor.name, error }))
        .finally(() => this.inFlight.delete(running));
      this.inFlight.add(running);
    }
  }

  /** Resolves when every processor started so far (and any they triggered) has finished. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}

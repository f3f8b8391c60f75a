/** Starts alerting: the periodic scanner, and the email/SMS notifier as a processor of `alert.raised`. */
import type { AppContext } from '../context';
import { AlertNotifier } from './notifiers/deliveries';
import { AlertScanner } from './scanner';

export class Alerting {
  readonly notifier: AlertNotifier;
  private readonly scanner: AlertScanner;

  constructor(private readonly ctx: AppContext, options: { scan: boolean }) {
    this.notifier = new AlertNotifier(ctx);
    this.scanner = new AlertScanner(ctx, () => this.notifier.retryDue());
    ctx.events.subscribe('alert.raised', 'alerts.notify', ({ alertId }) => this.notifier.notify(alertId));
    if (options.scan) this.scanner.start();
  }

  async stop(): Promise<void> {
    await this.scanner.stop();
    this.notifier.stop();
  }
}

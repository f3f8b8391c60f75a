/**
 * `/care/unsubscribe/<token>`, public: GET shows the confirm page and changes nothing; POST
 * (our button, or a mail client's RFC 8058 one-click) records the unsubscribe. A token that does
 * not verify gets the 404 page. Rate-limited per address like the portal.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { UniqueConstraintError } from 'sequelize';
import type { AppContext } from '../context';
import { AppError } from '../http/errors';
import { perMinuteLimit } from '../http/rateLimit';
import { CareUnsubscribe } from '../models/CareUnsubscribe';
import { Customer } from '../models/Customer';
import { chooseLocale } from '../portal/locale';
import { recordAudit } from '../services/auditService';
import { unsubscribePage, type UnsubscribeView } from './unsubscribePage';
import { verifyUnsubscribeToken } from './unsubscribeToken';

export function careRouter(ctx: AppContext): Router {
  const router = express.Router();
  router.use(perMinuteLimit(ctx.config.PUBLIC_RATE_PER_MINUTE, 'Too many requests: wait a moment'));
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    res.vary('Accept-Language');
    next();
  });

  const send = (req: Request, res: Response, status: number, view: UnsubscribeView) =>
    res.status(status).type('html').send(unsubscribePage(ctx.config, chooseLocale(req).locale, `${req.baseUrl}${req.path}`, view));

  const customerOf = async (token: string) => {
    const customerId = await verifyUnsubscribeToken(ctx, token);
    return customerId !== null && (await Customer.findByPk(customerId, { attributes: ['id'] })) ? customerId : null;
  };

  router.get('/unsubscribe/:token', async (req, res) => {
    const customerId = await customerOf(String(req.params.token));
    send(req, res, customerId === null ? 404 : 200, customerId === null ? 'notFound' : 'confirm');
  });

  router.post('/unsubscribe/:token', async (req, res) => {
    const customerId = await customerOf(String(req.params.token));
    if (customerId === null) return send(req, res, 404, 'notFound');
    try {
      await ctx.transactions.run(async (transaction) => {
        await CareUnsubscribe.create({ customerId, createdAt: ctx.now() }, { transaction });
        await recordAudit(transaction, { actor: null, action: 'care.unsubscribed', entityType: 'customer', entityId: customerId });
      });
    } catch (error) {
      // Already unsubscribed (a second click): the same confirmation.
      if (!(error instanceof UniqueConstraintError)) throw error;
    }
    send(req, res, 200, 'done');
  });

  router.use((req, res) => send(req, res, 404, 'notFound'));
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = error instanceof AppError ? error.status : 500;
    if (status >= 500) ctx.logger.error('care unsubscribe failed', { error });
    res.status(status).type('text/plain').send(error instanceof AppError && status < 500 ? error.message : 'Something went wrong');
  });
  return router;
}

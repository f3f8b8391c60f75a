/**
 * Builds the HTTP application: security headers, the API (one router made from the route list),
 * the OpenAPI description, and the console's static assets.
 */
import express, { type Express } from 'express';
import helmet from 'helmet';
import { createRequire } from 'node:module';
import type { AppContext } from './context';
import { identifyAgent } from './http/authenticate';
import { apiNotFound, errorHandler } from './http/errorHandler';
import { buildOpenApi } from './http/openapi';
import { portalRouter } from './portal/portalRoutes';
import { careRouter } from './care/unsubscribeRoutes';
import { surveyRouter } from './surveys/surveyRoutes';
import { registerRoutes } from './http/route';
import { allRoutes } from './routes';
import { widgetCors } from './routes/widget';
import { requestId } from './http/requestId';
import { httpMetrics } from './metrics/httpMetrics';
import { metricsEndpoint } from './metrics/metricsRoute';

export interface StaticAsset {
  contentType: string;
  body: Buffer;
}

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export function createApp(ctx: AppContext, assets: Map<string, StaticAsset>): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.TRUST_PROXY);
  // Request id, access log and HTTP metrics first, so every answer (errors included) is counted.
  app.use(requestId(ctx.logger));
  app.use(httpMetrics(ctx));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'https:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          frameAncestors: ["'self'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );

  const routes = allRoutes(ctx.config);
  const openApi = buildOpenApi(routes, { title: 'Help desk API', version, serverUrl: ctx.config.publicUrl });
  const api = express.Router();
  // Uploads bring their own raw-body parser; everything else is JSON.
  // The widget's cross-origin preflight, answered before anything else looks at the request.
  api.options('/widget/uploads', widgetCors);
  api.options('/suggestions', widgetCors);
  api.options('/widget/surveys/:token', widgetCors);
  api.use(express.json({ limit: '2mb', type: (req) => !req.url?.startsWith('/attachments') && !req.url?.startsWith('/widget/uploads') && !req.url?.startsWith('/imports/') && /\bjson\b/i.test(String(req.headers['content-type'] ?? '')) }));
  api.use(identifyAgent(ctx));
  api.get('/openapi.json', (_req, res) => res.json(openApi));
  registerRoutes(api, ctx, routes);
  api.use(apiNotFound());
  api.use(errorHandler(ctx.logger));
  app.use('/api', api);

  // Prometheus scrape endpoint (token or loopback only).
  app.get('/metrics', metricsEndpoint(ctx));

  // The public knowledge-base portal (server-rendered pages), before the static assets.
  app.use('/kb', portalRouter(ctx));
  app.use('/care', careRouter(ctx));
  app.use('/survey', surveyRouter(ctx));

  app.get(/.*/, (req, res, next) => {
    const asset = assets.get(req.path);
    if (!asset) return next();
    res.setHeader('Content-Type', asset.contentType);
    // The HTML page always revalidates so a deploy is picked up; bundles are small and re-fetched cheaply.
    res.setHeader('Cache-Control', 'no-cache');
    // Other sites load the widget with a plain <script>: allow that cross-origin load.
    if (req.path === '/widget.js') res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.send(asset.body);
  });
  app.use((_req, res) => res.status(404).type('text/plain').send('Not found'));
  return app;
}

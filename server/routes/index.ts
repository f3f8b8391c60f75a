/** Every API route, in one list: the router and the OpenAPI description are both built from it. */
import type { Config } from '../config';
import type { AnyRoute } from '../http/route';
import { agentRoutes } from './agents';
import { alertRoutes } from './alerts';
import { authRoutes } from './auth';
import { careRoutes } from './care';
import { customerRoutes } from './customers';
import { healthRoutes } from './health';
import { importRoutes } from './imports';
import { kbRoutes } from './kb';
import { mailRoutes } from './mail';
import { messageRoutes } from './messages';
import { reportRoutes } from './reports';
import { searchRoutes } from './search';
import { suggestionRoutes } from './suggestions';
import { surveyRoutes } from './surveys';
import { templateRoutes } from './templates';
import { ticketRoutes } from './tickets';
import { ticketHistoryRoutes } from './ticketHistory';
import { widgetRoutes } from './widget';
import { widgetSettingsRoutes } from './widgetSettings';
import { webhookRoutes } from './webhooks';

export function allRoutes(config: Config): AnyRoute[] {
  return [...healthRoutes, ...authRoutes(config), ...agentRoutes, ...ticketRoutes, ...ticketHistoryRoutes, ...messageRoutes(config), ...mailRoutes, ...alertRoutes, ...widgetRoutes(config), ...templateRoutes, ...kbRoutes(config), ...suggestionRoutes(config), ...importRoutes, ...reportRoutes, ...customerRoutes, ...careRoutes, ...surveyRoutes(), ...searchRoutes, ...widgetSettingsRoutes(), ...webhookRoutes];
}

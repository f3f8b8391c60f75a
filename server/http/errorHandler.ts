/** Turns any thrown error into the contract's error shape; unexpected ones are logged and hidden. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isDatabaseUnavailable } from '../db/database';
import type { Logger } from '../util/logger';
import { AppError } from './errors';

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

export function apiNotFound(): RequestHandler {
  return (req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: `No API route ${req.method} ${req.path}` } });
  };
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    let appError: AppError;
    const parserError = error as BodyParserError;
    if (error instanceof AppError) appError = error;
    else if (parserError?.type === 'entity.parse.failed') appError = new AppError(400, 'bad_json', 'The request body is not valid JSON');
    else if (parserError?.type === 'entity.too.large') appError = new AppError(413, 'payload_too_large', 'The request body is too large');
    else if (parserError?.type === 'charset.unsupported' || parserError?.type === 'encoding.unsupported') {
      appError = new AppError(415, 'unsupported_encoding', 'The request body encoding is not supported');
    } else if (parserError?.expose && typeof parserError.status === 'number' && parserError.status < 500) {
      appError = new AppError(parserError.status, 'bad_request', (error as Error).message);
    } else if (isDatabaseUnavailable(error)) {
      // The database is down or restarting: a clean, retryable answer rather than a 500.
      logger.warn('request failed: database unavailable', { method: req.method, path: req.path, error: (error as Error).message });
      if (!res.headersSent) res.setHeader('Retry-After', '5');
      appError = new AppError(503, 'database_unavailable', 'The database is not reachable right now; please try again shortly');
    } else {
      logger.error('request failed', { method: req.method, path: req.path, error });
      appError = new AppError(500, 'internal_error', 'Something went wrong on our side');
    }
    if (res.headersSent) return;
    res.status(appError.status).json({
      error: { code: appError.code, message: appError.message, ...(appError.details !== undefined ? { details: appError.details } : {}) },
    });
  };
}

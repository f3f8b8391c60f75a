/** Schemas shared by several routes. */
import { z } from 'zod';

export const idParams = z.object({ id: z.coerce.number().int().positive() });

export const paging = {
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('page size, at most 200'),
  offset: z.coerce.number().int().min(0).default(0),
};

/** `?status=open,pending` or `?status=open&status=pending` → ['open', 'pending']. */
export const commaList = <T extends string>(values: readonly [T, ...T[]]) =>
  z.preprocess(
    (raw) => (raw === undefined || raw === '' ? undefined : (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean)),
    z.array(z.enum(values)).optional(),
  );

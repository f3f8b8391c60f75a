/** The OpenAPI 3.1 description, generated from the same route definitions and zod schemas the server runs. */
import { z } from 'zod';
import { errorSchema } from '../presenters/schemas';
import type { AnyRoute } from './route';

type JsonObject = Record<string, unknown>;

/** Converts a schema, moving named sub-schemas into components so every route shares them. */
function toSchema(schema: z.ZodType, io: 'input' | 'output', components: JsonObject): JsonObject {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  delete json.$schema;
  const defs = (json.$defs ?? {}) as JsonObject;
  delete json.$defs;
  const relink = (value: JsonObject) => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonObject;
  for (const [name, def] of Object.entries(defs)) components[name] ??= relink(def as JsonObject);
  // A schema that is itself named is referenced, not inlined.
  const id = z.globalRegistry.get(schema)?.id;
  if (id) {
    components[id] ??= relink(json);
    return { $ref: `#/components/schemas/${id}` };
  }
  return relink(json);
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query', components: JsonObject): JsonObject[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input', components);
  const properties = (json.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: property,
    ...(property.description ? { description: property.description } : {}),
  }));
}

export function buildOpenApi(routes: AnyRoute[], info: { title: string; version: string; serverUrl: string }): JsonObject {
  const components: JsonObject = {};
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    const path = `/api${route.path.replace(/:(\w+)/g, '{$1}')}`;
    const responses: JsonObject = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema ? { content: { 'application/json': { schema: toSchema(response.schema, 'output', components) } } } : {}),
      };
    }
    const errorStatuses = ['400', ...(route.access === 'public' || route.access === 'optional' ? [] : ['401']), ...(route.access === 'admin' || route.permission ? ['403'] : [])];
    for (const status of errorStatuses) {
      responses[status] ??= { description: 'Error', content: { 'application/json': { schema: toSchema(errorSchema, 'output', components) } } };
    }
    const requestBody = route.rawBody
      ? { required: true, description: route.rawBody.description, content: { [route.rawBody.contentType]: { schema: { type: 'string', format: 'binary' } } } }
      : route.body
        ? { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input', components) } } }
        : undefined;
    paths[path] ??= {};
    paths[path][route.method] = {
      summary: route.summary,
      tags: [route.tag],
      ...(route.access === 'public' ? { security: [] } : {}),
      ...(route.access === 'admin' ? { description: 'Admins only.' } : {}),
      ...(route.permission ? { description: `Agents whose role has the permission \`${route.permission}\` (admins have all).` } : {}),
      ...(route.access === 'optional' ? { security: [{}, { bearer: [] }], description: 'Anyone; a logged-in agent sees more.' } : {}),
      parameters: [...parametersOf(route.params, 'path', components), ...parametersOf(route.query, 'query', components)],
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version },
    servers: [{ url: info.serverUrl }],
    security: [{ bearer: [] }, { sessionCookie: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The token from POST /api/auth/login' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'hd_session' },
      },
    },
  };
}

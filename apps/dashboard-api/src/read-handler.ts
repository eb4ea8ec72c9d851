import type { IncomingMessage } from 'node:http';
import type { FastifyRequest, FastifySchema, RawServerDefault, RouteGenericInterface } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/** A read route's schema: its query and parameters, and the answer it gives. */
export interface ReadSchema extends FastifySchema {
  readonly response: { readonly 200: z.ZodType };
}

/** The request as the zod type provider parsed it: `query` and `params` typed by the schema. */
export type ReadRequest<S extends FastifySchema> = FastifyRequest<RouteGenericInterface, RawServerDefault, IncomingMessage, S, ZodTypeProvider>;

/**
 * Registers `GET path`: the query and parameters parsed by the schema (a 400 naming the field
 * otherwise), `handler`'s answer typed by the response schema, then serialized and checked by it
 * and served through the response cache with its ETag.
 */
export type ReadRoute = <const S extends ReadSchema>(path: string, schema: S, handler: (request: ReadRequest<S>) => Promise<z.output<S['response'][200]>>) => void;

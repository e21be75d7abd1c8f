import { Type, type Static, type TNull, type TSchema, type TUnion } from '@sinclair/typebox';
import { catalogueEntry, ErrorCatalogue, type ErrorName } from './errors.js';

/** Shapes every module shares. Each has an `$id`, so OpenAPI names it and routes `$ref` it. */

export const ErrorBody = Type.Object(
  {
    detail: Type.String({ description: 'A sentence for people.' }),
    error_key: Type.String({ description: 'A stable key for programs, e.g. CALL_LOG_NOT_FOUND.' }),
  },
  { $id: 'ErrorBody' },
);

export const ValidationErrorBody = Type.Object(
  {
    detail: Type.String(),
    error_key: Type.Literal('VALIDATION_ERROR'),
    errors: Type.Array(
      Type.Object({
        loc: Type.Array(Type.Union([Type.String(), Type.Integer()]), {
          description: 'Where the bad value is, e.g. ["query", "limit"] or ["body", "status"].',
        }),
        msg: Type.String(),
      }),
    ),
  },
  { $id: 'ValidationErrorBody' },
);

export const DateTime = (options: { description?: string } = {}) =>
  Type.String({ format: 'date-time', examples: ['2023-10-27T09:30:00Z'], ...options });

/**
 * A value or null. A plain string/number/boolean becomes `type: [t, "null"]` rather than `anyOf`:
 * the response serialiser writes it directly, where `anyOf` would run a validator per field to pick
 * the branch (a measurable share of a list page's cost).
 */
export function Nullable<T extends TSchema>(schema: T): TUnion<[T, TNull]> {
  const { type } = schema as { type?: unknown };
  if (typeof type === 'string' && ['string', 'number', 'integer', 'boolean'].includes(type)) {
    return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'] }) as unknown as TUnion<[T, TNull]>;
  }
  return Type.Union([schema, Type.Null()]);
}

/** The id of a row, as a path parameter. */
export const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });

/** `page` and `limit` of every paged list; bounded so that (page - 1) * limit is an offset both databases accept. */
export const pagingQuery = {
  page: Type.Integer({ minimum: 1, maximum: 2147483647, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};

/** The envelope of every paged list: `{items, total, page, limit, pages}`. */
export const pageOf = <T extends TSchema>(item: T, options: { $id: string; totalDescription?: string }) =>
  Type.Object(
    {
      items: Type.Array(item),
      total: Type.Integer({ description: options.totalDescription ?? 'Items matching the filters, over all pages.' }),
      page: Type.Integer(),
      limit: Type.Integer(),
      pages: Type.Integer({ description: 'ceil(total / limit)' }),
    },
    { $id: options.$id },
  );

/**
 * A route's error responses, from the catalogue entries it can return: one response per status,
 * whose `error_key` is an `enum` of exactly those keys (VALIDATION_ERROR keeps its own body with
 * `errors`). The OpenAPI document is derived from this list, and `documentedErrorKeys` reads it
 * back for the check that a route never answers an error it does not declare.
 */
export function errorResponses(...listed: ErrorName[]): Record<number, TSchema> {
  // Being signed in fails three ways (no valid token, a revoked one, a disabled account), all
  // raised by the one authentication hook: a route that can answer one answers all three.
  const names = listed.flatMap((name): ErrorName[] =>
    name === 'notAuthenticated' ? ['notAuthenticated', 'sessionRevoked', 'accountDisabled'] : [name],
  );
  const byStatus = new Map<number, string[]>();
  for (const name of names) {
    const { status, key } = ErrorCatalogue[name];
    byStatus.set(status, [...(byStatus.get(status) ?? []), key]);
  }
  const responses: Record<number, TSchema> = {};
  for (const [status, keys] of byStatus) {
    if (keys.includes(ErrorCatalogue.validation.key)) {
      if (keys.length > 1) throw new Error(`status ${status} cannot mix VALIDATION_ERROR with ${keys.join(', ')}`);
      responses[status] = Type.Ref(ValidationErrorBody);
      continue;
    }
    responses[status] = Type.Object(
      {
        detail: ErrorBody.properties.detail,
        error_key: Type.Unsafe<string>({ type: 'string', enum: keys }),
      },
      { 'x-response-description': keys.map((key) => `${key}: ${catalogueEntry(key)!.detail}`).join(' ') },
    );
  }
  return responses;
}

/** The error keys a route's `response` schemas document for a status (see `errorResponses`). */
export function documentedErrorKeys(response: Record<string, unknown> | undefined, status: number): string[] {
  const schema = response?.[status] as { $ref?: string; properties?: { error_key?: { enum?: string[] } } } | undefined;
  if (schema?.$ref === ValidationErrorBody.$id) return [ErrorCatalogue.validation.key];
  return schema?.properties?.error_key?.enum ?? [];
}

export const sharedSchemas = [ErrorBody, ValidationErrorBody];

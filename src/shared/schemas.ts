import { Type, type Static, type TNull, type TSchema, type TUnion } from '@sinclair/typebox';

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

/** Standard error responses to spread into a route's `response`. */
export function errorResponses(...statusCodes: (400 | 401 | 403 | 404 | 409 | 413 | 503)[]) {
  const responses: Record<number, TSchema> = { 422: Type.Ref(ValidationErrorBody) };
  for (const code of statusCodes) responses[code] = Type.Ref(ErrorBody);
  return responses;
}

export const sharedSchemas = [ErrorBody, ValidationErrorBody];

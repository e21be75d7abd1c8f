import Ajv, { type AnySchema, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify';
import type { FieldError } from '../shared/errors.js';

/**
 * Two validators: the query string and path are text, so they are coerced ("20" → 20, one value →
 * an array); a JSON body is taken as sent, so `"true"` is not a boolean and `123` is not a summary.
 * Unknown body fields are errors, never silently dropped.
 */
function createAjv(coerceTypes: boolean | 'array', sharedSchemas: AnySchema[]) {
  const ajv = new Ajv.default({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors: true,
    // Errors carry their schema, so a message can use the schema's own `x-error` wording.
    verbose: true,
    strict: false,
    schemas: sharedSchemas,
  });
  addFormats.default(ajv);
  ajv.addKeyword({
    keyword: 'maxBytes',
    type: 'string',
    schemaType: 'number',
    error: { message: (cxt) => `must be at most ${String(cxt.schema)} bytes of UTF-8` },
    validate: (max: number, data: string) => Buffer.byteLength(data, 'utf8') <= max,
  });
  return ajv;
}

export function installValidation(app: FastifyInstance, sharedSchemas: AnySchema[]): void {
  const textAjv = createAjv('array', sharedSchemas);
  const bodyAjv = createAjv(false, sharedSchemas);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));
}

const LOCATIONS: Record<string, string> = { querystring: 'query', params: 'path', body: 'body', headers: 'header' };

/** Ajv's errors → one `{loc, msg}` per bad field, with the allowed values spelled out for enums. */
export function toFieldErrors(errors: FastifySchemaValidationError[], context: string): FieldError[] {
  const byLocation = new Map<string, { loc: (string | number)[]; errors: ErrorObject[] }>();
  for (const error of errors as ErrorObject[]) {
    const loc: (string | number)[] = [LOCATIONS[context] ?? context];
    for (const part of error.instancePath.split('/').slice(1)) {
      const segment = part.replace(/~1/g, '/').replace(/~0/g, '~');
      loc.push(/^\d+$/.test(segment) ? Number(segment) : segment);
    }
    const params = error.params as { missingProperty?: unknown; additionalProperty?: unknown };
    const field = params.missingProperty ?? params.additionalProperty;
    if (typeof field === 'string') loc.push(field);
    const key = JSON.stringify(loc);
    const entry = byLocation.get(key) ?? { loc, errors: [] };
    entry.errors.push(error);
    byLocation.set(key, entry);
  }
  return [...byLocation.values()].map(({ loc, errors: group }) => ({ loc, msg: describe(group) }));
}

function describe(errors: ErrorObject[]): string {
  const allowed = errors.filter((e) => e.keyword === 'const').map((e) => JSON.stringify(e.params.allowedValue));
  if (allowed.length > 0) {
    const nullable = errors.some((e) => e.keyword === 'type' && e.params.type === 'null');
    return `must be one of ${allowed.join(', ')}${nullable ? ' or null' : ''}`;
  }
  const first = errors.find((e) => e.keyword !== 'anyOf') ?? errors[0];
  if (!first) return 'is invalid';
  const wording = (first.parentSchema as { 'x-error'?: unknown } | undefined)?.['x-error'];
  if (typeof wording === 'string') return wording;
  if (first.keyword === 'additionalProperties') return 'is not a field that can be set here';
  if (first.keyword === 'required') return 'is required';
  return first.message ?? 'is invalid';
}

// Autotask query semantics: filter evaluation (case-insensitive keys and field names, nested
// and/or groups, unknown operators silently dropped, unknown fields a 500), IncludeFields and
// MaxRecords, and the id-cursor paging of `nextPageUrl` / `prevPageUrl`.
import { type EntityDefinition, type FieldInfo, fieldOf } from './entities';
import type { AutotaskRecord } from './store';

/**
 * Autotask names the entity in the singular in this message ("Unable to find projectID in the
 * TimeEntry Entity", psa-field-notes.md: WYRE-AI/autotask-mcp PR #282, verified live).
 */
const singular = (entityName: string) => entityName.replace(/ies$/, 'y').replace(/s$/, '');

export class AutotaskFault extends Error {
  retryAfter: number | null = null;
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'object' && body && 'errors' in body ? String((body as { errors: unknown[] }).errors[0]) : `HTTP ${status}`);
  }

  withRetryAfter(seconds: number) {
    this.retryAfter = seconds;
    return this;
  }
}

export const autotaskError = (status: number, ...messages: string[]) => new AutotaskFault(status, { errors: messages });

const OPERATORS = new Set([
  'eq',
  'noteq',
  'gt',
  'gte',
  'lt',
  'lte',
  'beginswith',
  'endswith',
  'contains',
  'exist',
  'notexist',
  'in',
  'notin',
]);

/** Reads a key of a JSON object case-insensitively (clients send `filter` and `Filter`). */
export const keyOf = (body: unknown, key: string): unknown => {
  if (!body || typeof body !== 'object') {
    return undefined;
  }
  const entry = Object.entries(body).find(([k]) => k.toLowerCase() === key.toLowerCase());
  return entry?.[1];
};

export type ParsedQuery = { filter: unknown[]; maxRecords: number; includeFields: FieldInfo[] | null };

export const parseQueryBody = (entity: EntityDefinition, body: unknown): ParsedQuery => {
  const filter = keyOf(body, 'filter');
  if (!Array.isArray(filter) || filter.length === 0) {
    throw autotaskError(500, 'Value cannot be null. Parameter name: filters');
  }
  const max = keyOf(body, 'MaxRecords');
  const maxRecords = max === undefined || max === null ? 500 : Number(max);
  if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > 500) {
    throw autotaskError(500, 'MaxRecords must be between 1 and 500.');
  }
  const include = keyOf(body, 'IncludeFields');
  let includeFields: FieldInfo[] | null = null;
  if (Array.isArray(include) && include.length > 0) {
    includeFields = include.map((name) => {
      const f = fieldOf(entity, String(name));
      if (!f) {
        throw autotaskError(500, `Unable to find ${String(name)} in the ${singular(entity.name)} Entity`);
      }
      return f;
    });
  }
  return { filter, maxRecords, includeFields };
};

type Options = { caseSensitiveStrings: boolean };

const compareValues = (field: FieldInfo, actual: unknown, expected: unknown, options: Options): number | null => {
  if (actual === null || actual === undefined || expected === null || expected === undefined) {
    return null;
  }
  switch (field.dataType) {
    case 'integer':
    case 'long':
    case 'short':
    case 'double':
      return Number(actual) - Number(expected);
    case 'datetime':
      return new Date(String(actual)).getTime() - new Date(String(expected)).getTime();
    case 'boolean':
      return Number(actual) - Number(expected);
    case 'string': {
      const a = options.caseSensitiveStrings ? String(actual) : String(actual).toLowerCase();
      const e = options.caseSensitiveStrings ? String(expected) : String(expected).toLowerCase();
      return a < e ? -1 : a > e ? 1 : 0;
    }
  }
};

const text = (value: unknown, options: Options) => (options.caseSensitiveStrings ? String(value ?? '') : String(value ?? '').toLowerCase());

const assertValueType = (field: FieldInfo, value: unknown) => {
  if (field.dataType === 'boolean' && value !== true && value !== false && value !== 'true' && value !== 'false') {
    throw autotaskError(500, `Invalid boolean value for field ${field.name}.`);
  }
};

const normaliseBoolean = (field: FieldInfo, value: unknown) => (field.dataType === 'boolean' ? value === true || value === 'true' : value);

/** true / false, or null when the clause is ignored (an unknown operator, as Autotask does). */
const evaluate = (entity: EntityDefinition, record: AutotaskRecord, clause: unknown, options: Options): boolean | null => {
  if (!clause || typeof clause !== 'object') {
    return null;
  }
  const op = String(keyOf(clause, 'op') ?? '').toLowerCase();
  if (op === 'and' || op === 'or') {
    const items = keyOf(clause, 'items');
    const results = (Array.isArray(items) ? items : [])
      .map((item) => evaluate(entity, record, item, options))
      .filter((r): r is boolean => r !== null);
    if (results.length === 0) {
      return null;
    }
    return op === 'and' ? results.every(Boolean) : results.some(Boolean);
  }
  const fieldName = String(keyOf(clause, 'field') ?? '');
  const isUdf = keyOf(clause, 'udf') === true;
  let field: FieldInfo | undefined;
  let actual: unknown;
  if (isUdf) {
    field = { ...(entity.fields[0] as FieldInfo), name: fieldName, dataType: 'string' };
    actual = record.userDefinedFields.find((u) => u.name.toLowerCase() === fieldName.toLowerCase())?.value ?? null;
  } else {
    field = fieldOf(entity, fieldName);
    if (!field) {
      throw autotaskError(500, `Unable to find ${fieldName} in the ${singular(entity.name)} Entity`);
    }
    if (!field.isQueryable) {
      throw autotaskError(500, `The field ${field.name} is not queryable.`);
    }
    actual = record[field.name];
  }
  if (!OPERATORS.has(op)) {
    return null;
  }
  const value = keyOf(clause, 'value');
  if (op === 'exist') {
    return actual !== null && actual !== undefined && actual !== '';
  }
  if (op === 'notexist') {
    return actual === null || actual === undefined || actual === '';
  }
  if (op === 'in' || op === 'notin') {
    if (!Array.isArray(value)) {
      throw autotaskError(500, `The ${op === 'in' ? 'in' : 'notIn'} operator requires an array value for field ${field.name}.`);
    }
    const hit = value.some((v) => compareValues(field, actual, normaliseBoolean(field, v), options) === 0);
    return op === 'in' ? hit : !hit;
  }
  assertValueType(field, value);
  const expected = normaliseBoolean(field, value);
  switch (op) {
    case 'contains':
      return text(actual, options).includes(text(expected, options));
    case 'beginswith':
      return text(actual, options).startsWith(text(expected, options));
    case 'endswith':
      return text(actual, options).endsWith(text(expected, options));
    default: {
      const c = compareValues(field, actual, expected, options);
      if (op === 'noteq') {
        return c !== 0;
      }
      if (c === null) {
        return false;
      }
      return { eq: c === 0, gt: c > 0, gte: c >= 0, lt: c < 0, lte: c <= 0 }[op as 'eq'] ?? null;
    }
  }
};

export const filterRecords = (entity: EntityDefinition, records: AutotaskRecord[], filter: unknown[], options: Options) =>
  records.filter((record) => filter.every((clause) => evaluate(entity, record, clause, options) !== false));

export const projectFields = (record: AutotaskRecord, includeFields: FieldInfo[] | null) => {
  if (!includeFields) {
    return record;
  }
  const projected: Record<string, unknown> = {};
  for (const f of includeFields) {
    projected[f.name] = record[f.name];
  }
  return { ...projected, userDefinedFields: record.userDefinedFields };
};

/** The id cursor Autotask puts in `paging=`: where this page starts and where earlier pages started. */
export type PagingCursor = { pageSize: number; previousIds: number[]; nextIds: number[] };

export const parsePaging = (raw: string | null): PagingCursor | null => {
  if (!raw) {
    return null;
  }
  try {
    const parsed = JSON.parse(raw) as PagingCursor;
    if (Array.isArray(parsed.previousIds) && Array.isArray(parsed.nextIds) && Number.isInteger(parsed.pageSize)) {
      return parsed;
    }
  } catch {
    // fall through to the error below
  }
  throw autotaskError(500, 'Invalid paging information.');
};

export type Page = { items: unknown[]; nextCursor: PagingCursor | null; prevCursor: PagingCursor | null };

/** Serves the page starting at `start` (id > start for -1, else id >= start), ids ascending. */
export const pageOf = (matching: AutotaskRecord[], pageSize: number, start: number, history: number[]): Page => {
  const fromStart = matching.filter((r) => (start < 0 ? true : r.id >= start));
  const items = fromStart.slice(0, pageSize);
  const following = fromStart[pageSize];
  return {
    items,
    nextCursor: following ? { pageSize, previousIds: [...history, start], nextIds: [following.id] } : null,
    prevCursor: history.length ? { pageSize, previousIds: history.slice(0, -1), nextIds: [history.at(-1) as number] } : null,
  };
};

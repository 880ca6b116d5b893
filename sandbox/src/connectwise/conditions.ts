// ConnectWise Manage `conditions` query strings: a small parser and evaluator for the grammar
// the API accepts — comparisons (= != < <= > >= contains like "not like" in "not in") over field
// paths such as `company/id`, joined by and / or with parentheses. Strings are quoted with " or ',
// dates go in [brackets], booleans are true / false, and null is null. Text compares
// case-insensitively, like the SQL Server collation behind Manage.

export class ConditionsError extends Error {
  /** Set when the conditions name a field the resource does not have (Manage: ApiFindCondition). */
  readonly unknownField?: string;
  constructor(message: string, unknownField?: string) {
    super(message);
    this.unknownField = unknownField;
  }
}

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'date'; value: string }
  | { kind: 'op'; text: string }
  | { kind: 'paren'; text: '(' | ')' }
  | { kind: 'comma' };

const INVALID_VALUE =
  'Expected a value. String values should be enclosed with double or single quotes; DateTime values should be enclosed in square brackets; numbers should consist of only digits, and optionally a decimal point and a negation sign; boolean values should be indicated with the keywords true or false; null values should be indicated by the keyword null.';

const tokenize = (input: string): Token[] => {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: 'paren', text: c });
      i += 1;
    } else if (c === ',') {
      tokens.push({ kind: 'comma' });
      i += 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let text = '';
      while (j < input.length && input[j] !== c) {
        // A backslash escapes the quote character inside a string.
        if (input[j] === '\\' && j + 1 < input.length) {
          j += 1;
        }
        text += input[j];
        j += 1;
      }
      if (j >= input.length) {
        throw new ConditionsError('Unterminated string value in conditions.');
      }
      tokens.push({ kind: 'string', text });
      i = j + 1;
    } else if (c === '[') {
      const end = input.indexOf(']', i);
      if (end < 0) {
        throw new ConditionsError('Unterminated date value in conditions.');
      }
      tokens.push({ kind: 'date', value: input.slice(i + 1, end) });
      i = end + 1;
    } else if ('=!<>'.includes(c)) {
      const two = input.slice(i, i + 2);
      const op = ['!=', '<=', '>='].includes(two) ? two : c;
      if (op === '!') {
        throw new ConditionsError(`Unexpected character '!' in conditions.`);
      }
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else if (/[-0-9.]/.test(c)) {
      const match = /^-?\d+(\.\d+)?/.exec(input.slice(i));
      if (!match) {
        throw new ConditionsError(INVALID_VALUE);
      }
      tokens.push({ kind: 'number', value: Number(match[0]) });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_/]*/.exec(input.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: match[0] });
      i += match[0].length;
    } else {
      throw new ConditionsError(`Unexpected character '${c}' in conditions.`);
    }
  }
  return tokens;
};

type Value = string | number | boolean | null | { date: string };
export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'compare'; path: string[]; op: string; value: Value | Value[] };

export const parseConditions = (input: string): Condition => {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (token: Token | undefined, word: string): boolean => token?.kind === 'word' && token.text.toLowerCase() === word;

  const parseValue = (): Value => {
    const token = tokens[pos++];
    if (!token) {
      throw new ConditionsError(INVALID_VALUE);
    }
    switch (token.kind) {
      case 'string':
        return token.text;
      case 'number':
        return token.value;
      case 'date':
        return { date: token.value };
      case 'word': {
        const word = token.text.toLowerCase();
        if (word === 'true' || word === 'false') {
          return word === 'true';
        }
        if (word === 'null') {
          return null;
        }
        throw new ConditionsError(INVALID_VALUE);
      }
      default:
        throw new ConditionsError(INVALID_VALUE);
    }
  };

  const parseComparison = (): Condition => {
    const field = tokens[pos++];
    if (field?.kind !== 'word') {
      throw new ConditionsError('Expected a field name in conditions.');
    }
    let op: string;
    const next = tokens[pos++];
    if (next?.kind === 'op') {
      op = next.text;
    } else if (isWord(next, 'not') && (isWord(peek(), 'like') || isWord(peek(), 'in') || isWord(peek(), 'contains'))) {
      op = `not ${(tokens[pos++] as { text: string }).text.toLowerCase()}`;
    } else if (isWord(next, 'like') || isWord(next, 'in') || isWord(next, 'contains')) {
      op = (next as { text: string }).text.toLowerCase();
    } else {
      throw new ConditionsError(`Expected an operator after '${field.text}' in conditions.`);
    }
    const path = field.text.split('/').filter(Boolean);
    if (op === 'in' || op === 'not in') {
      if (peek()?.kind !== 'paren') {
        throw new ConditionsError(`The ${op} operator needs a list of values in parentheses.`);
      }
      pos += 1;
      const values: Value[] = [];
      while (peek() && !(peek()?.kind === 'paren' && (peek() as { text: string }).text === ')')) {
        values.push(parseValue());
        if (peek()?.kind === 'comma') {
          pos += 1;
        }
      }
      if (!peek()) {
        throw new ConditionsError('Missing closing parenthesis in conditions.');
      }
      pos += 1;
      return { kind: 'compare', path, op, value: values };
    }
    return { kind: 'compare', path, op, value: parseValue() };
  };

  const parsePrimary = (): Condition => {
    const token = peek();
    if (token?.kind === 'paren' && token.text === '(') {
      pos += 1;
      const inner = parseOr();
      const close = tokens[pos++];
      if (close?.kind !== 'paren' || close.text !== ')') {
        throw new ConditionsError('Missing closing parenthesis in conditions.');
      }
      return inner;
    }
    return parseComparison();
  };

  const parseAnd = (): Condition => {
    let left = parsePrimary();
    while (isWord(peek(), 'and')) {
      pos += 1;
      left = { kind: 'and', left, right: parsePrimary() };
    }
    return left;
  };

  function parseOr(): Condition {
    let left = parseAnd();
    while (isWord(peek(), 'or')) {
      pos += 1;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  }

  const condition = parseOr();
  if (pos < tokens.length) {
    throw new ConditionsError('Unexpected text at the end of conditions.');
  }
  return condition;
};

/** Reads a field path case-insensitively; throws for a field the object does not have. */
export const readPath = (record: unknown, path: string[], resource: string): unknown => {
  let current: unknown = record;
  for (const segment of path) {
    if (current === null || current === undefined) {
      return null;
    }
    if (typeof current !== 'object') {
      throw new ConditionsError(`Cannot find field '${path.join('/')}' on ${resource}.`, path.join('/'));
    }
    const key = Object.keys(current).find((k) => k.toLowerCase() === segment.toLowerCase());
    if (key === undefined) {
      throw new ConditionsError(`Cannot find field '${path.join('/')}' on ${resource}.`, path.join('/'));
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
};

const normalise = (value: unknown): string | number | boolean | null => {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'object' && 'date' in value) {
    return new Date(String((value as { date: string }).date)).getTime();
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    return new Date(value).getTime();
  }
  if (typeof value === 'string') {
    return value.toLowerCase();
  }
  return value as number | boolean;
};

const likeToRegExp = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replaceAll('%', '.*')
      .replaceAll('*', '.*')}$`,
    'is',
  );

const compare = (actual: unknown, op: string, expected: Value | Value[]): boolean => {
  if (Array.isArray(expected)) {
    const hit = expected.some((v) => normalise(actual) === normalise(v));
    return op === 'in' ? hit : !hit;
  }
  const a = normalise(actual);
  const e = normalise(expected);
  switch (op) {
    case '=':
      return a === e;
    case '!=':
      return a !== e;
    case 'contains':
      return a !== null && String(a).includes(String(e));
    case 'not contains':
      return a === null || !String(a).includes(String(e));
    case 'like':
      return a !== null && likeToRegExp(String(e)).test(String(a));
    case 'not like':
      return a === null || !likeToRegExp(String(e)).test(String(a));
    default: {
      if (a === null || e === null) {
        return false;
      }
      if (op === '<') {
        return a < e;
      }
      if (op === '<=') {
        return a <= e;
      }
      if (op === '>') {
        return a > e;
      }
      return a >= e;
    }
  }
};

/**
 * `childConditions` (psa-field-notes.md: CWREST, PSMOD): conditions on the elements of an array
 * field — `types/id = 1` holds when some element of `types` has id 1. A record whose array has no
 * such element does not match, so a childConditions that matches no child returns no rows.
 */
export const matchesChild = (record: unknown, condition: Condition, resource: string): boolean => {
  switch (condition.kind) {
    case 'and':
      return matchesChild(record, condition.left, resource) && matchesChild(record, condition.right, resource);
    case 'or':
      return matchesChild(record, condition.left, resource) || matchesChild(record, condition.right, resource);
    case 'compare': {
      const [arrayField = '', ...rest] = condition.path;
      const children = readPath(record, [arrayField], resource);
      if (!Array.isArray(children) || rest.length === 0) {
        throw new ConditionsError(`${condition.path.join('/')} is not a recognized name.`, condition.path.join('/'));
      }
      return children.some((child) => compare(readPath(child, rest, resource), condition.op, condition.value));
    }
  }
};

export const matches = (record: unknown, condition: Condition, resource: string): boolean => {
  switch (condition.kind) {
    case 'and':
      return matches(record, condition.left, resource) && matches(record, condition.right, resource);
    case 'or':
      return matches(record, condition.left, resource) || matches(record, condition.right, resource);
    case 'compare':
      return compare(readPath(record, condition.path, resource), condition.op, condition.value);
  }
};

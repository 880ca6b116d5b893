// The smallest prompt prefix each Anthropic model caches (shared/reference/llm-apis.md §2): below
// it nothing is cached and no error comes back. Not monotonic across families, partly measured
// rather than documented, so a table with an override: FLIGHTDECK_CACHE_MIN_TOKENS="model-prefix=tokens,…".
const TABLE: [prefix: string, tokens: number][] = [
  ['claude-opus-5', 512],
  ['claude-opus-4-8', 1024],
  ['claude-opus-4-7', 2048],
  ['claude-opus-4-6', 4096],
  ['claude-opus-4-5', 4096],
  ['claude-sonnet-5', 1024],
  ['claude-sonnet-4-6', 1024],
  ['claude-sonnet-4-5', 1024],
  ['claude-haiku-4-5', 4096],
  ['claude-3-5-haiku', 2048],
  ['claude-3-haiku', 2048],
];
export const DEFAULT_CACHE_MINIMUM = 1024;

const overrides = (value: string | undefined): [string, number][] =>
  (value ?? '')
    .split(',')
    .map((pair) => pair.trim().split('='))
    .filter((pair): pair is [string, string] => pair.length === 2 && Boolean(pair[0]) && /^\d+$/.test(pair[1] ?? ''))
    .map(([prefix, tokens]) => [prefix.trim(), Number(tokens)]);

/** The minimum for a model: the longest matching prefix, the override first. */
export const cacheMinimumFor = (model: string, env: string | undefined = process.env.FLIGHTDECK_CACHE_MIN_TOKENS) => {
  const match = [...overrides(env), ...TABLE].filter(([prefix]) => model.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
  return match ? match[1] : DEFAULT_CACHE_MINIMUM;
};

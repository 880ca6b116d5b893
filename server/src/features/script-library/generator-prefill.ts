// P7.2: the generator's first values for a template, taken from the session — the fix's suggested
// values, "What we know", the ticket's PSA context (company, contact) and the customer's
// environment insights — each with a hint naming where it came from, so the engineer can judge
// it. Only values that fit the parameter are offered; nothing is invented, and a password is
// never pre-filled.
import type { FillKind, ParameterValue, TemplateParameter } from './parameter-schema';
import { checkValue } from './script-render';

export type PrefillSources = {
  fixValues: Record<string, unknown> | null;
  facts: { text: string }[];
  insights: { category: string; text: string }[];
  /** "CW" / "AT" and the PSA company the customer is mapped to, when it is. */
  psa: { label: string; companyName: string; customerName: string } | null;
  contact: string;
};

export type Prefill = { key: string; value: ParameterValue; source: 'fix' | 'fact' | 'ticket' | 'insight'; hint: string };

const FINDERS: Partial<Record<FillKind, RegExp>> = {
  computer_name: /(?<![\w\\/.-])([A-Z][A-Z0-9]{1,7}(?:-[A-Z0-9]{1,8}){0,2}\d)(?![\w-])/,
  ip_address: /(?<![\d.])((?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3})(?![\d.])/,
  user_email: /([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/,
  domain: /(?<![\w.@-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|local|lan|corp|internal|io|eu|de|nl|uk))(?![\w-])/i,
  path: /([A-Za-z]:\\[^\s'"]+|\\\\[^\s'"]+|\/(?:srv|var|home|mnt|opt|data)\/[^\s'"]+)/,
};

/** The kind of value a parameter takes: declared, or read from its key. */
export const fillKindOf = (p: TemplateParameter): FillKind | null => {
  if (p.fills) {
    return p.fills;
  }
  // Read from the key when the parameter does not say: the first rule that matches wins.
  const byKey: [RegExp, FillKind][] = [
    [/email|upn|mail/, 'user_email'],
    [/(^|_)ip(_|$)|address/, 'ip_address'],
    [/fqdn|domain/, 'domain'],
    [/computer|host|server|printer|machine|device/, 'computer_name'],
    [/user|account|login|sam/, 'user_name'],
    [/company|customer|client/, 'company'],
    [/contact/, 'contact'],
    [/path|folder|share|directory/, 'path'],
  ];
  const hit = byKey.find(([pattern]) => pattern.test(p.key));
  if (hit) {
    return hit[1];
  }
  return null;
};

const excerpt = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text);

export const prefillParameters = (parameters: TemplateParameter[], sources: PrefillSources): Prefill[] => {
  const out: Prefill[] = [];
  for (const p of parameters) {
    if (p.type === 'password') {
      continue;
    }
    const fits = (value: ParameterValue) => checkValue({ ...p, required: true }, value) === null;
    const suggested = sources.fixValues?.[p.key];
    if ((typeof suggested === 'string' || typeof suggested === 'number' || typeof suggested === 'boolean') && fits(suggested)) {
      out.push({ key: p.key, value: suggested, source: 'fix', hint: "Suggested with the pilot's fix" });
      continue;
    }
    const kind = fillKindOf(p);
    if (kind === 'company' && sources.psa && fits(sources.psa.companyName)) {
      out.push({
        key: p.key,
        value: sources.psa.companyName,
        source: 'ticket',
        hint: `Pulled from the ${sources.psa.label} company of ${sources.psa.customerName}`,
      });
      continue;
    }
    if (kind === 'contact' && sources.contact.trim() && fits(sources.contact.trim())) {
      out.push({ key: p.key, value: sources.contact.trim(), source: 'ticket', hint: "The session's contact" });
      continue;
    }
    if (kind === 'user_name') {
      // A user name written as "user jdoe" / "account jdoe" / "for jdoe" in a fact.
      const fact = sources.facts.find((f) => /\b(?:user(?:name)?|account|login|for)\s+([a-z][a-z0-9._-]{1,30})\b/i.test(f.text));
      const name = fact ? /\b(?:user(?:name)?|account|login|for)\s+([a-z][a-z0-9._-]{1,30})\b/i.exec(fact.text)?.[1] : undefined;
      if (fact && name && fits(name)) {
        out.push({ key: p.key, value: name, source: 'fact', hint: `From What we know: "${excerpt(fact.text)}"` });
      }
      continue;
    }
    const finder = kind ? FINDERS[kind] : undefined;
    if (!finder) {
      continue;
    }
    const fromFact = sources.facts.map((f) => ({ f, value: finder.exec(f.text)?.[1] })).find((hit) => hit.value && fits(hit.value));
    if (fromFact?.value) {
      out.push({ key: p.key, value: fromFact.value, source: 'fact', hint: `From What we know: "${excerpt(fromFact.f.text)}"` });
      continue;
    }
    const fromInsight = sources.insights.map((i) => ({ i, value: finder.exec(i.text)?.[1] })).find((hit) => hit.value && fits(hit.value));
    if (fromInsight?.value) {
      out.push({
        key: p.key,
        value: fromInsight.value,
        source: 'insight',
        hint: `From the customer's environment (${fromInsight.i.category}): "${excerpt(fromInsight.i.text)}"`,
      });
    }
  }
  return out;
};

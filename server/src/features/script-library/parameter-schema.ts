// P7.1: a script template's parameters. Each has a key (the `{{ key }}` in the body), a label and
// help for the generator form, a type that decides how a value is validated and rendered, and an
// optional `fills` kind that tells the generator where in the session a value can come from.
import { z } from 'zod';

export const SCRIPT_LANGUAGES = ['powershell', 'bash', 'cmd'] as const;
export type ScriptLanguage = (typeof SCRIPT_LANGUAGES)[number];

export const PARAMETER_TYPES = ['text', 'password', 'select', 'boolean', 'multi_text', 'number', 'textarea'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

/** What a value is about, so the generator can find it in facts, the ticket and insights (P7.2). */
export const FILL_KINDS = ['computer_name', 'ip_address', 'user_email', 'user_name', 'domain', 'company', 'contact', 'path'] as const;
export type FillKind = (typeof FILL_KINDS)[number];

export const PARAMETER_KEY = /^[a-z][a-z0-9_]{0,63}$/;

const ParameterValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.array(z.string().max(2000)).max(100)]);
export type ParameterValue = z.infer<typeof ParameterValue>;

export const TemplateParameter = z
  .strictObject({
    key: z.string().regex(PARAMETER_KEY, 'Lower-case letters, digits and _, starting with a letter'),
    label: z.string().trim().min(1).max(120),
    type: z.enum(PARAMETER_TYPES),
    required: z.boolean().default(true),
    default: ParameterValue.nullable().optional(),
    help: z.string().max(500).optional(),
    /** select: the allowed values. */
    options: z.array(z.string().min(1).max(200)).max(100).optional(),
    /** text / password: a regular expression the whole value must match. */
    pattern: z.string().max(300).optional(),
    maxLength: z.number().int().min(1).max(10_000).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    fills: z.enum(FILL_KINDS).optional(),
    /** Template extraction (P7.4): what in the original script this parameter was made from. */
    inferred_from: z.string().max(300).optional(),
  })
  .superRefine((p, issue) => {
    if (p.type === 'select' && !p.options?.length) {
      issue.addIssue({ code: 'custom', path: ['options'], message: 'A select parameter needs its options' });
    }
    if (p.pattern !== undefined) {
      try {
        new RegExp(p.pattern);
      } catch {
        issue.addIssue({ code: 'custom', path: ['pattern'], message: 'Not a valid regular expression' });
      }
    }
  });
export type TemplateParameter = z.infer<typeof TemplateParameter>;

export const ParameterSchema = z
  .array(TemplateParameter)
  .max(40)
  .superRefine((parameters, issue) => {
    const seen = new Set<string>();
    parameters.forEach((p, index) => {
      if (seen.has(p.key)) {
        issue.addIssue({ code: 'custom', path: [index, 'key'], message: `"${p.key}" is used twice` });
      }
      seen.add(p.key);
    });
  });

export const ParameterValues = z.record(z.string(), ParameterValue);
export type ParameterValues = z.infer<typeof ParameterValues>;

/** How a password is shown anywhere but in the script the engineer copies. */
export const REDACTED = '••••';

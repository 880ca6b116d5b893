// P7.4, offline: turns a concrete script into a template by finding the values that belong to one
// customer — e-mail addresses, host and server names, IP addresses, domain names, user names and
// the few numbers that are settings (ports, day counts, sizes). Every step is checked: the
// proposal renders back to exactly the original script with the extracted values, a value at a
// command's position or that looks like a command or keyword is never taken, and one value that
// appears several times is one parameter (fewer parameters are better).
import { type FillKind, PARAMETER_KEY, type ParameterValues, type ScriptLanguage, type TemplateParameter } from './parameter-schema';
import { renderScript } from './script-render';

export type ExtractionProposal = { body: string; parameters: TemplateParameter[]; values: ParameterValues };

type Detector = {
  key: string;
  label: string;
  type: 'text' | 'number';
  fills?: FillKind;
  /** The value is the last group that matched. */
  pattern: RegExp;
  /** Numbers and addresses end at digits and dots; names also at letters, dashes and @. */
  boundary?: 'name' | 'number';
  describe: (value: string) => string;
  accept?: (value: string) => boolean;
};

// Domains that are the same for every customer: vendor endpoints are not parameters.
const VENDOR_DOMAINS =
  /(^|\.)(microsoft\.com|microsoftonline\.com|office\.com|office365\.com|outlook\.com|windows\.com|windowsupdate\.com|live\.com|azure\.com|google\.com|googleapis\.com|github\.com|githubusercontent\.com|veeam\.com|apple\.com|ubuntu\.com|debian\.org|cloudflare\.com|powershellgallery\.com|nuget\.org)$/i;
// Upper-case words with digits that are standards, not machines.
const NOT_HOSTS =
  /^(UTF8|UTF16|SHA1|SHA256|SHA512|MD5|TLS1[0-3]?|TLS12|SSL3|X64|X86|AMD64|ARM64|AES128|AES256|IPV4|IPV6|HTTP2|WIN32|WIN64|OFFICE16|O365|M365|PS1|V2|V3|V4|V5|V6|KB\d+)$/;
const KEYWORDS = new Set(
  'if else elseif switch foreach for while do until function param begin process end try catch finally throw return break continue trap filter in then fi esac case done select local export set setlocal endlocal goto call exit echo true false null'.split(
    ' ',
  ),
);

const DETECTORS: Detector[] = [
  {
    key: 'user_email',
    label: 'User e-mail',
    type: 'text',
    fills: 'user_email',
    pattern: /(?<![\w.%+-])([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})(?![\w-])/g,
    describe: (v) => `the e-mail address "${v}"`,
  },
  {
    key: 'server_name',
    label: 'Server',
    type: 'text',
    fills: 'computer_name',
    pattern: /\\\\([A-Za-z0-9][A-Za-z0-9-]{0,14})\\/g,
    describe: (v) => `the server of the UNC path \\\\${v}\\`,
  },
  {
    key: 'ip_address',
    label: 'IP address',
    type: 'text',
    fills: 'ip_address',
    pattern: /(?<![\d.])((?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3})(?![\d.])/g,
    boundary: 'number',
    describe: (v) => `the IP address ${v}`,
    accept: (v) => !/^(127\.|0\.0\.0\.0$|255\.)/.test(v),
  },
  {
    key: 'host_name',
    label: 'Host name',
    type: 'text',
    fills: 'domain',
    pattern:
      /(?<![\w.@-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:com|net|org|local|lan|corp|internal|intra|io|eu|de|nl|be|fr|uk|ch|at|us|ca|au))(?![\w-])/g,
    describe: (v) => `the host name ${v}`,
    accept: (v) => !VENDOR_DOMAINS.test(v),
  },
  {
    key: 'computer_name',
    label: 'Computer name',
    type: 'text',
    fills: 'computer_name',
    // NetBIOS-style machine names as MSPs write them: PRN-02, SRV-DC01, HV01, WS-0042.
    pattern: /(?<![\w\\/.$-])([A-Z][A-Z0-9]{1,7}(?:-[A-Z0-9]{1,8}){0,2}\d)(?![\w-])/g,
    describe: (v) => `the computer name ${v}`,
    accept: (v) => /\d/.test(v) && !NOT_HOSTS.test(v.replace(/-/g, '')),
  },
  {
    key: 'user_name',
    label: 'User name',
    type: 'text',
    fills: 'user_name',
    // After the flag or path that names a user; a quoted value must close right after the name.
    pattern:
      /(?:-(?:Identity|UserName|User|SamAccountName|Mailbox)\s+|\/user:|\bnet user\s+|C:\\Users\\|\/home\/|\bchown\s+(?:-\w+\s+)*|\bpasswd\s+|\busermod\s+(?:-\w+\s+)*)(['"]?)([A-Za-z][A-Za-z0-9._-]{1,30})\1(?=[\s\\/:,;)'"]|$)/gi,
    describe: (v) => `the user name ${v}`,
    accept: (v) => !/^(public|default|administrator|all users|root|\$env)$/i.test(v),
  },
  {
    key: 'port',
    label: 'Port',
    type: 'number',
    pattern: /(?:-Port\s+|--port[= ]|\s-p\s+)(\d{2,5})(?!\d)/gi,
    boundary: 'number',
    describe: (v) => `the port ${v}`,
    accept: (v) => Number(v) > 0 && Number(v) < 65536,
  },
  {
    key: 'days',
    label: 'Days',
    type: 'number',
    pattern: /(?:-(?:Days|OlderThanDays|OlderThan|RetentionDays)\s+|AddDays\(-?|-mtime\s+\+|\/d\s+-)(\d{1,4})(?!\d)/gi,
    boundary: 'number',
    describe: (v) => `the number of days ${v}`,
  },
  {
    key: 'size_gb',
    label: 'Size (GB)',
    type: 'number',
    pattern: /(?:-(?:SizeGB|MinimumFreeGB|ThresholdGB|MaxSizeGB)\s+)(\d{1,6})(?!\d)/gi,
    boundary: 'number',
    describe: (v) => `the size ${v} GB`,
  },
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where a command's name stands: line start, or after | ; && || ( { or a PowerShell `&`. */
const atCommandPosition = (body: string, index: number) => {
  const before = body.slice(0, index);
  const line = before.slice(before.lastIndexOf('\n') + 1);
  return /(^|[|;({]|&&|\|\||&)\s*$/.test(line);
};

const looksLikeCommand = (value: string) =>
  KEYWORDS.has(value.toLowerCase()) || /^[A-Z][a-z]+-[A-Z][A-Za-z]+$/.test(value) || /\.(exe|ps1|cmd|bat|sh|msi)$/i.test(value);

const uniqueKey = (base: string, taken: Set<string>) => {
  let key = base;
  for (let n = 2; taken.has(key); n += 1) {
    key = `${base}_${n}`;
  }
  return key;
};

export const extractTemplate = (script: string, language: ScriptLanguage): ExtractionProposal => {
  let body = script;
  const parameters: TemplateParameter[] = [];
  const values: ParameterValues = {};
  const taken = new Set<string>();
  for (const detector of DETECTORS) {
    const seen = new Set<string>();
    for (const match of script.matchAll(detector.pattern)) {
      const value = match.slice(1).findLast((group) => group) ?? match[0];
      if (seen.has(value) || Object.values(values).includes(value) || looksLikeCommand(value) || detector.accept?.(value) === false) {
        continue;
      }
      seen.add(value);
      const key = uniqueKey(detector.key, taken);
      if (!PARAMETER_KEY.test(key)) {
        continue;
      }
      // Every occurrence of the value as a whole word becomes the placeholder.
      const whole =
        detector.boundary === 'number'
          ? new RegExp(`(?<![\\d.])${escapeRegExp(value)}(?![\\d]|\\.\\d)`, 'g')
          : new RegExp(`(?<![A-Za-z0-9_.@-])${escapeRegExp(value)}(?![A-Za-z0-9_@-]|\\.[A-Za-z0-9])`, 'g');
      const occurrences = [...body.matchAll(whole)].map((m) => m.index as number);
      if (!occurrences.length || occurrences.some((index) => atCommandPosition(body, index))) {
        continue;
      }
      const candidate = body.replace(whole, `{{ ${key} }}`);
      const parameter: TemplateParameter = {
        key,
        label: detector.label,
        type: detector.type,
        required: true,
        ...(detector.fills && { fills: detector.fills }),
        inferred_from: detector.describe(value),
      };
      const nextValues = { ...values, [key]: detector.type === 'number' ? Number(value) : value };
      const rendered = renderScript(candidate, language, [...parameters, parameter], nextValues);
      // The proposal must give back the script exactly; a value that would not is left as it is.
      if (!rendered.ok || rendered.body !== script) {
        continue;
      }
      body = candidate;
      parameters.push(parameter);
      Object.assign(values, nextValues);
      taken.add(key);
    }
  }
  return { body, parameters, values };
};

/** True when a proposal (from a model, say) keeps its promises: exact round trip, no command parameterised. */
export const proposalHolds = (script: string, language: ScriptLanguage, proposal: ExtractionProposal) => {
  const rendered = renderScript(proposal.body, language, proposal.parameters, proposal.values);
  if (!rendered.ok || rendered.body !== script) {
    return false;
  }
  return proposal.parameters.every((p) => {
    const value = proposal.values[p.key];
    const placeholder = new RegExp(`\\{\\{\\s*${p.key}\\s*\\}\\}`, 'g');
    return (
      !(typeof value === 'string' && looksLikeCommand(value)) &&
      [...proposal.body.matchAll(placeholder)].every((m) => !atCommandPosition(proposal.body, m.index as number))
    );
  });
};

// P7.1 rendering safety: hostile values per language and per spot in the script. Bash output is
// run by a real bash and must print the value back unchanged; PowerShell and cmd output (no shell
// for them here) is decoded with the languages' documented quoting rules and must hold exactly
// the value, with the rest of the script untouched. Whatever cannot be made safe is refused.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { ScriptLanguage, TemplateParameter } from './parameter-schema';
import { checkTemplate, describeValues, redactValues, renderScript } from './script-render';

const text = (key = 'v', type: TemplateParameter['type'] = 'text'): TemplateParameter => ({ key, label: key, type, required: true });

const HOSTILE = [
  "'; Remove-Item C:\\ -Recurse -Force; '",
  '"; rm -rf / #',
  '$(whoami)',
  '`whoami`',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, the hostile value itself
  '${IFS}cat${IFS}/etc/passwd',
  '\u2019; Stop-Computer; \u2018',
  '\u201D; Stop-Computer; \u201C',
  "a' + 'b",
  '-Recurse',
  '--no-preserve-root',
  '@args',
  'x,y',
  '$env:PATH',
  '~root',
  '*',
  'a;b',
  'a && b',
  'a | b',
  'a & calc',
  '^',
  '\\',
  "it's",
  'C:\\Program Files\\Veeam',
  'plain-host-01',
];

const bash = (script: string) => execFileSync('bash', ['--noprofile', '--norc', '-c', script], { encoding: 'utf8' });

/** PowerShell single-quoted literal (or bare word) at the start of `rest`: the value and what follows. */
const psLiteral = (rest: string): [string, string] => {
  if (!/^['\u2018\u2019\u201A\u201B]/.test(rest)) {
    const word = /^[^\s;|&'"]*/.exec(rest)?.[0] ?? '';
    return [word, rest.slice(word.length)];
  }
  let value = '';
  for (let i = 1; i < rest.length; i += 1) {
    const c = rest[i] as string;
    if (/['\u2018\u2019\u201A\u201B]/.test(c)) {
      if (/['\u2018\u2019\u201A\u201B]/.test(rest[i + 1] ?? '')) {
        value += c;
        i += 1;
        continue;
      }
      return [value, rest.slice(i + 1)];
    }
    value += c;
  }
  throw new Error('unterminated');
};

describe('rendering a value safely (P7.1)', () => {
  it.each(HOSTILE)('bash prints %j back unchanged, bare and in both quotes', (value) => {
    for (const body of ['printf "%s" {{ v }}', "printf '%s' '{{ v }}'", 'printf "%s" "x{{ v }}x"']) {
      const rendered = renderScript(body, 'bash', [text()], { v: value });
      if (!rendered.ok) {
        // Only "!" inside double quotes is refused in bash; none of these values has one.
        throw new Error(JSON.stringify(rendered.errors));
      }
      const expected = body.includes('x{{') ? `x${value}x` : value;
      expect(bash(rendered.body)).toBe(expected);
    }
  });

  it.each(HOSTILE)('PowerShell keeps %j one literal and the rest of the script intact', (value) => {
    const rendered = renderScript('Get-Printer -ComputerName {{ v }}; Write-Output done', 'powershell', [text()], { v: value });
    expect(rendered.ok).toBe(true);
    const body = (rendered as { body: string }).body;
    const prefix = 'Get-Printer -ComputerName ';
    expect(body.startsWith(prefix)).toBe(true);
    const [decoded, rest] = psLiteral(body.slice(prefix.length));
    expect(decoded).toBe(value);
    expect(rest).toBe('; Write-Output done');
  });

  it('PowerShell: doubles every single quote inside a single-quoted string and escapes $ ` " inside a double-quoted one', () => {
    const single = renderScript("Write-Output 'Hello {{ v }}'", 'powershell', [text()], { v: "O'Brien \u2019x" });
    expect(single).toEqual({ ok: true, body: "Write-Output 'Hello O''Brien \u2019\u2019x'" });
    const double = renderScript('Write-Output "Hello {{ v }}"', 'powershell', [text()], { v: '$(Stop-Computer) `a "q" \u201Cx' });
    expect(double).toEqual({ ok: true, body: 'Write-Output "Hello `$(Stop-Computer) ``a `"q`" `\u201Cx"' });
  });

  it('PowerShell quotes even a plain word where it would be parsed as a command (expression mode)', () => {
    const email: TemplateParameter = text('user');
    expect(renderScript('$user = {{ user }}', 'powershell', [email], { user: 'dana@contoso.com' })).toEqual({
      ok: true,
      body: "$user = 'dana@contoso.com'",
    });
    expect(renderScript('Get-MgUser -UserId {{ user }}', 'powershell', [email], { user: 'dana@contoso.com' })).toEqual({
      ok: true,
      body: 'Get-MgUser -UserId dana@contoso.com',
    });
  });

  it('cmd quotes values and refuses what cmd expands or ends even inside quotes', () => {
    expect(renderScript('net user {{ v }} /domain', 'cmd', [text()], { v: 'a & calc' })).toEqual({
      ok: true,
      body: 'net user "a & calc" /domain',
    });
    expect(renderScript('net user {{ v }} /domain', 'cmd', [text()], { v: 'jdoe' })).toEqual({ ok: true, body: 'net user jdoe /domain' });
    for (const [value, reason] of [
      ['a" & calc & "', 'double quote'],
      ['%COMSPEC%', 'expand a variable'],
      ['!x!', 'delayed expansion'],
    ]) {
      const rendered = renderScript('echo {{ v }}', 'cmd', [text()], { v: value as string });
      expect(rendered.ok).toBe(false);
      expect(JSON.stringify(rendered)).toContain(reason);
    }
  });

  it.each(['powershell', 'bash', 'cmd'] as ScriptLanguage[])(
    '%s refuses a line break in a one-line value and outside a comment',
    (language) => {
      const rendered = renderScript('# note: {{ v }}\necho x', language === 'cmd' ? 'cmd' : language, [text('v', 'textarea')], {
        v: 'line\nrm -rf /',
      });
      expect(rendered.ok).toBe(false);
      expect(renderScript('echo {{ v }}', language, [text()], { v: 'a\nb' })).toMatchObject({
        ok: false,
        errors: [{ path: 'v', message: 'One line only' }],
      });
    },
  );

  it('bash refuses "!" inside double quotes, where an interactive shell would expand it', () => {
    expect(renderScript('echo "{{ v }}"', 'bash', [text()], { v: '!!' }).ok).toBe(false);
    expect(bash((renderScript('printf %s {{ v }}', 'bash', [text()], { v: '!!' }) as { body: string }).body)).toBe('!!');
  });

  it('renders booleans and lists per language, and refuses a list inside a string', () => {
    const flag: TemplateParameter = { key: 'force', label: 'Force', type: 'boolean', required: true };
    const list: TemplateParameter = { key: 'hosts', label: 'Hosts', type: 'multi_text', required: true };
    expect(renderScript('Restart-Service -Force:{{ force }}', 'powershell', [flag], { force: true })).toEqual({
      ok: true,
      body: 'Restart-Service -Force:$true',
    });
    expect(renderScript('FORCE={{ force }}', 'bash', [flag], { force: false })).toEqual({ ok: true, body: 'FORCE=false' });
    expect(renderScript('set FORCE={{ force }}', 'cmd', [flag], { force: true })).toEqual({ ok: true, body: 'set FORCE=1' });
    expect(renderScript('$h = {{ hosts }}', 'powershell', [list], { hosts: ['PRN-01', "it's"] })).toEqual({
      ok: true,
      body: "$h = @('PRN-01', 'it''s')",
    });
    expect(
      bash((renderScript('printf "[%s]" {{ hosts }}', 'bash', [list], { hosts: ['a b', "c'd", '$(x)'] }) as { body: string }).body),
    ).toBe("[a b][c'd][$(x)]");
    expect(renderScript('echo "{{ hosts }}"', 'bash', [list], { hosts: ['a'] }).ok).toBe(false);
  });

  it('checks types, required values, defaults, options, patterns and bounds', () => {
    const parameters: TemplateParameter[] = [
      { key: 'host', label: 'Host', type: 'text', required: true, pattern: '[A-Za-z0-9-]+' },
      { key: 'days', label: 'Days', type: 'number', required: false, default: 30, min: 1, max: 365 },
      { key: 'mode', label: 'Mode', type: 'select', required: true, options: ['quick', 'full'] },
    ];
    const body = 'Clean -Host {{ host }} -Days {{ days }} -Mode {{ mode }}';
    expect(renderScript(body, 'powershell', parameters, { host: 'PRN-02', mode: 'quick' })).toEqual({
      ok: true,
      body: 'Clean -Host PRN-02 -Days 30 -Mode quick',
    });
    const bad = renderScript(body, 'powershell', parameters, { host: 'a b', days: 999, mode: 'nuke' });
    expect(bad).toEqual({
      ok: false,
      errors: [
        { path: 'host', message: 'Does not have the expected form' },
        { path: 'days', message: 'At most 365' },
        { path: 'mode', message: 'One of: quick, full' },
      ],
    });
    expect(renderScript(body, 'powershell', parameters, { mode: 'full' })).toMatchObject({
      ok: false,
      errors: [{ path: 'host', message: 'Required' }],
    });
  });

  it('never shows a password: stored renderings, values and descriptions carry ••••', () => {
    const parameters: TemplateParameter[] = [text('user'), text('secret', 'password')];
    const values = { user: 'jdoe', secret: "S3cr3t'!" };
    const body = 'Set-ADAccountPassword -Identity {{ user }} -NewPassword (ConvertTo-SecureString {{ secret }} -AsPlainText -Force)';
    expect(renderScript(body, 'powershell', parameters, values)).toEqual({
      ok: true,
      body: "Set-ADAccountPassword -Identity jdoe -NewPassword (ConvertTo-SecureString 'S3cr3t''!' -AsPlainText -Force)",
    });
    const stored = renderScript(body, 'powershell', parameters, values, { redactPasswords: true });
    expect(JSON.stringify(stored)).not.toContain('S3cr3t');
    expect(redactValues(parameters, values)).toEqual({ user: 'jdoe', secret: '••••' });
    expect(describeValues(parameters, values)).toBe('user = jdoe, secret = ••••');
  });

  it('finds placeholders that are not parameters, and parameters the script never uses', () => {
    expect(checkTemplate('echo {{ a }} {{ b }}', 'bash', [text('a'), text('c')])).toEqual([
      { path: 'body', message: '{{ b }} is not a parameter' },
      { path: 'parameters.c', message: '{{ c }} does not appear in the script' },
    ]);
  });
});

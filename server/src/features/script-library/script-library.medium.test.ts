// P7 / P4.2 on a real database (PGlite, or PostgreSQL with DATABASE_URL): the library's routes and
// roles, tenant isolation, the generator for a fix that names a verified template (values from
// the session, each with its source), generations with passwords never stored, the four fix
// decisions, drafts, the post-resolve templatize prompt, and notes that list script runs.
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '#src/lib/context';
import { createTestApp, type TestApp } from '../../../test/test-app';

type Json = ReturnType<typeof JSON.parse>;

let t: TestApp;
let accountId: string;
let operator: Record<string, string>;
let reporter: Record<string, string>;
let adminId: string;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());
beforeEach(async () => {
  const { account, users } = await t.newAccount();
  accountId = account.id;
  adminId = users.admin.id;
  operator = await t.login(users.operator.email);
  reporter = await t.login(users.reporter.email);
});

const api = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers = operator, payload?: Json) => {
  const response = await t.app.inject({ method, url, headers, ...(payload !== undefined && { payload }) });
  return { status: response.statusCode, body: response.body ? (response.json() as Json) : undefined };
};

const adminContext = (): RequestContext => ({
  accountId,
  requestId: 'test',
  log: t.app.log,
  actor: { kind: 'user', userId: adminId, role: 'admin', sessionId: null },
});

const spooler = {
  name: 'Reset the spooler',
  description: 'Restart the spooler',
  language: 'powershell',
  body: 'Invoke-Command -ComputerName {{ computer_name }} -ScriptBlock { Restart-Service Spooler }',
  parameters: [{ key: 'computer_name', label: 'Computer', type: 'text', required: true, fills: 'computer_name' }],
};

/** A session whose offline pilot suggests the printer fix after two answers naming PRN-02. */
const printerSession = async () => {
  const created = await api('POST', '/api/v1/ai-sessions', operator, {
    title: 'Printer shows offline in the warehouse',
    contact: 'Sam Lee',
  });
  const id = created.body.id as string;
  await api('POST', `/api/v1/ai-sessions/${id}/messages`, operator, { content: 'The printer is offline' });
  const [q1, q2] = (await api('GET', `/api/v1/ai-sessions/${id}`)).body.taskLane.questions;
  await api('POST', `/api/v1/ai-sessions/${id}/task-lane/questions/${q1.id}/answer`, operator, { answer: 'Everyone printing to PRN-02' });
  await api('POST', `/api/v1/ai-sessions/${id}/task-lane/questions/${q2.id}/answer`, operator, { answer: 'Yes, 10.20.0.15 on the panel' });
  return id;
};

describe('script templates (P7.1)', () => {
  it('lets admins and operators write, everyone read, and checks placeholders against parameters', async () => {
    expect((await api('POST', '/api/v1/script-templates', reporter, spooler)).status).toBe(403);
    const bad = await api('POST', '/api/v1/script-templates', operator, { ...spooler, body: 'Restart-Computer {{ host }}' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('{{ host }} is not a parameter');
    const category = (await api('POST', '/api/v1/script-categories', operator, { name: 'Printing' })).body;
    const created = await api('POST', '/api/v1/script-templates', operator, { ...spooler, categoryId: category.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Reset the spooler',
      categoryName: 'Printing',
      provenance: { usageCount: 0, text: 'used 0 times' },
    });
    const listed = (await api('GET', '/api/v1/script-templates?search=spool', reporter)).body;
    expect(listed.templates.map((tpl: Json) => tpl.name)).toEqual(['Reset the spooler']);
    expect((await api('GET', `/api/v1/script-templates?categoryId=${category.id}`, reporter)).body.templates).toHaveLength(1);
    expect((await api('GET', '/api/v1/script-templates?search=nothing-like-it', reporter)).body.templates).toEqual([]);
    const updated = await api('PUT', `/api/v1/script-templates/${created.body.id}`, operator, {
      ...spooler,
      name: 'Reset the print spooler',
    });
    expect(updated.body.name).toBe('Reset the print spooler');
    expect((await api('DELETE', `/api/v1/script-templates/${created.body.id}`, reporter)).status).toBe(403);
    expect((await api('DELETE', `/api/v1/script-templates/${created.body.id}`, operator)).status).toBe(204);
    expect((await api('GET', `/api/v1/script-templates/${created.body.id}`, operator)).status).toBe(404);
  });

  it("keeps each account's library its own (RLS)", async () => {
    const mine = (await api('POST', '/api/v1/script-templates', operator, spooler)).body;
    const other = await t.newAccount();
    const stranger = await t.login(other.users.operator.email);
    expect((await api('GET', `/api/v1/script-templates/${mine.id}`, stranger)).status).toBe(404);
    expect((await api('GET', '/api/v1/script-templates', stranger)).body.templates).toEqual([]);
    expect((await api('PUT', `/api/v1/script-templates/${mine.id}`, stranger, spooler)).status).toBe(404);
    for (const table of ['script_templates', 'script_categories', 'script_generations', 'draft_templates']) {
      const { rows } = await sql<{ forced: boolean }>`select relforcerowsecurity as forced from pg_class where relname = ${table}`.execute(
        t.database.db,
      );
      expect(rows[0]?.forced, table).toBe(true);
    }
  });

  it('previews a body with values, passwords as ••••, and proposes a template from a script', async () => {
    const preview = await api('POST', '/api/v1/script-templates/preview', reporter, {
      language: 'bash',
      body: 'smbpasswd -a {{ user }} <<< {{ pw }}',
      parameters: [
        { key: 'user', label: 'User', type: 'text' },
        { key: 'pw', label: 'Password', type: 'password' },
      ],
      values: { user: 'jdoe', pw: 'hunter2' },
    });
    expect(preview.body).toEqual({ ok: true, body: 'smbpasswd -a jdoe <<< ••••', errors: [] });
    const proposal = await api('POST', '/api/v1/script-templates/extract', operator, {
      language: 'powershell',
      script: 'Get-PrintJob -ComputerName PRN-02 | Remove-PrintJob',
    });
    expect(proposal.body).toMatchObject({
      body: 'Get-PrintJob -ComputerName {{ computer_name }} | Remove-PrintJob',
      values: { computer_name: 'PRN-02' },
    });
  });
});

describe('the generator in a session (P7.2)', () => {
  it('opens the verified template the fix names, pre-filled from the session with sources, and records each run', async () => {
    await t.services.scriptLibrary.seedStarterLibrary(adminContext());
    const id = await printerSession();
    const generator = (await api('GET', `/api/v1/ai-sessions/${id}/script-generator`)).body;
    expect(generator.template).toMatchObject({ slug: 'restart-print-spooler', name: 'Reset the print spooler' });
    expect(generator.prefill).toEqual([
      {
        key: 'computer_name',
        value: 'PRN-02',
        source: 'fact',
        hint: 'From What we know: "Is the printer offline for everyone or one computer: Everyone printing to PRN-02"',
      },
    ]);
    const before = (await api('GET', `/api/v1/ai-sessions/${id}`)).body.stateVersion;
    const run = await api('POST', `/api/v1/ai-sessions/${id}/script-generations`, operator, {
      templateId: generator.template.id,
      values: { computer_name: 'PRN-02', clear_queue: true },
    });
    expect(run.status).toBe(201);
    expect(run.body.body).toContain('Invoke-Command -ComputerName PRN-02 -ArgumentList $true -ScriptBlock {');
    expect(run.body.parametersText).toBe('computer_name = PRN-02, clear_queue = true');
    expect((await api('GET', `/api/v1/ai-sessions/${id}`)).body.stateVersion).toBeGreaterThan(before);
    expect((await api('GET', `/api/v1/script-templates/${generator.template.id}`)).body.provenance.usageCount).toBe(1);
    expect(
      (await api('POST', `/api/v1/ai-sessions/${id}/script-generations`, reporter, { templateId: generator.template.id, values: {} }))
        .status,
    ).toBe(403);
    const hostile = await api('POST', `/api/v1/ai-sessions/${id}/script-generations`, operator, {
      templateId: generator.template.id,
      values: { computer_name: "PRN-02'; Stop-Computer; '", clear_queue: true },
    });
    expect(hostile.status).toBe(400);

    // The resolution note lists the run.
    const note = (await api('POST', `/api/v1/ai-sessions/${id}/resolution-note/preview`)).body.markdown as string;
    expect(note).toContain('Script run: Reset the print spooler (parameters: computer_name = PRN-02, clear_queue = true)');
    expect(note).toContain('Applied: Restart the spooler and fix the port address.');
  });

  it('never stores, shows or sends a password: generations, notes and logs carry ••••', async () => {
    const template = (
      await api('POST', '/api/v1/script-templates', operator, {
        name: 'Reset a local password',
        language: 'powershell',
        body: 'Set-LocalUser -Name {{ user }} -Password (ConvertTo-SecureString {{ secret }} -AsPlainText -Force)',
        parameters: [
          { key: 'user', label: 'User', type: 'text' },
          { key: 'secret', label: 'New password', type: 'password' },
        ],
      })
    ).body;
    const id = await printerSession();
    const run = await api('POST', `/api/v1/ai-sessions/${id}/script-generations`, operator, {
      templateId: template.id,
      values: { user: 'kiosk', secret: 'Winter-2026!x' },
    });
    expect(run.body.body).toContain("'Winter-2026!x'");
    const stored = await sql<{ all: string }>`select row_to_json(g)::text as all from script_generations g`.execute(t.database.db);
    expect(stored.rows.map((r) => r.all).join('')).not.toContain('Winter-2026');
    expect(stored.rows.map((r) => r.all).join('')).toContain('••••');
    const listed = (await api('GET', `/api/v1/ai-sessions/${id}/script-generations`)).body.generations;
    expect(JSON.stringify(listed)).not.toContain('Winter-2026');
    const note = (await api('POST', `/api/v1/ai-sessions/${id}/resolution-note/preview`)).body.markdown;
    expect(note).toContain('Script run: Reset a local password (parameters: user = kiosk, secret = ••••)');
    expect(t.logLines.join('')).not.toContain('Winter-2026');
  });

  it('falls back to the no-template flow when the fix names a deleted template, without an error', async () => {
    await t.services.scriptLibrary.seedStarterLibrary(adminContext());
    const id = await printerSession();
    const { template } = (await api('GET', `/api/v1/ai-sessions/${id}/script-generator`)).body;
    await api('DELETE', `/api/v1/script-templates/${template.id}`);
    const generator = await api('GET', `/api/v1/ai-sessions/${id}/script-generator`);
    expect(generator.status).toBe(200);
    expect(generator.body.template).toBeNull();
    expect(generator.body.draftedScript).toContain('Start-Service Spooler');
    expect(generator.body.proposal.body).toContain('Start-Service Spooler');
  });
});

describe('fix decisions, drafts and the templatize prompt (P4.2, P7.3, P7.5, P7.6)', () => {
  /** VPN: no template; the drafted script carries the gateway the session confirmed. */
  const vpnSession = async () => {
    const id = (await api('POST', '/api/v1/ai-sessions', operator, { title: 'VPN does not connect' })).body.id as string;
    await api('POST', `/api/v1/ai-sessions/${id}/messages`, operator, { content: 'VPN fails' });
    const [q1, q2] = (await api('GET', `/api/v1/ai-sessions/${id}`)).body.taskLane.questions;
    await api('POST', `/api/v1/ai-sessions/${id}/task-lane/questions/${q1.id}/answer`, operator, {
      answer: 'Cannot reach vpn.northwind.example.net',
    });
    await api('POST', `/api/v1/ai-sessions/${id}/task-lane/questions/${q2.id}/answer`, operator, { answer: 'Only the sales laptops' });
    const fix = (await api('GET', `/api/v1/ai-sessions/${id}/suggested-fixes/active`)).body;
    return { id, fix };
  };

  it('one_off renders the drafted script and records it; the decision is stored on the fix', async () => {
    const { id, fix } = await vpnSession();
    expect(fix.draftedScript).toContain('-ServerAddress vpn.northwind.example.net');
    const decided = await api('POST', `/api/v1/ai-sessions/${id}/suggested-fixes/${fix.id}/decision`, operator, { decision: 'one_off' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.generation.body).toBe(fix.draftedScript);
    expect(decided.body.draftId).toBeNull();
    expect((await api('GET', `/api/v1/ai-sessions/${id}/suggested-fixes/active`)).body.userDecision).toBe('one_off');
    expect((await api('GET', '/api/v1/draft-templates?status=pending')).body.drafts).toEqual([]);
  });

  it('build_template answers with the proposal for the editor; dismissed supersedes the fix', async () => {
    const { id, fix } = await vpnSession();
    const built = (
      await api('POST', `/api/v1/ai-sessions/${id}/suggested-fixes/${fix.id}/decision`, operator, { decision: 'build_template' })
    ).body;
    expect(built.generation).toBeNull();
    expect(built.proposal.parameters.map((p: Json) => [p.key, built.proposal.values[p.key]])).toEqual([
      ['host_name', 'vpn.northwind.example.net'],
    ]);
    expect(built.proposal.body).toContain('-ServerAddress {{ host_name }}');
    await api('POST', `/api/v1/ai-sessions/${id}/suggested-fixes/${fix.id}/decision`, operator, { decision: 'dismissed' });
    expect((await api('GET', `/api/v1/ai-sessions/${id}/suggested-fixes/active`)).status).toBe(404);
  });

  it('draft_template runs the script and proposes a draft; after Resolve the prompt offers it; accepting makes a template with provenance', async () => {
    const { id, fix } = await vpnSession();
    const decided = (
      await api('POST', `/api/v1/ai-sessions/${id}/suggested-fixes/${fix.id}/decision`, operator, { decision: 'draft_template' })
    ).body;
    expect(decided.generation.body).toBe(fix.draftedScript);
    expect((await api('GET', `/api/v1/ai-sessions/${id}/templatize-prompt`)).body.draft).toBeNull();
    const resolved = await api('POST', `/api/v1/ai-sessions/${id}/resolution-note/post`, operator, {
      markdown: 'Problem\nVPN',
      outcome: 'Connects again.',
    });
    expect(resolved.body.outcome).toBe('resolved_local');
    const prompt = (await api('GET', `/api/v1/ai-sessions/${id}/templatize-prompt`)).body;
    expect(prompt.enabled).toBe(true);
    expect(prompt.draft).toMatchObject({ id: decided.draftId, status: 'pending' });
    expect(prompt.draft.provenanceText).toMatch(/^written by operator of /);
    expect(prompt.draft.scriptBody).toContain('{{ host_name }}');

    const listed = (await api('GET', '/api/v1/script-templates')).body;
    expect(listed.pendingDrafts).toBe(1);
    expect(
      (
        await api('POST', `/api/v1/draft-templates/${decided.draftId}/accept`, reporter, {
          name: 'x',
          parameters_schema: prompt.draft.parameters,
        })
      ).status,
    ).toBe(403);
    const accepted = await api('POST', `/api/v1/draft-templates/${decided.draftId}/accept`, operator, {
      name: 'Re-create the VPN profile',
      category_id: null,
      parameters_schema: prompt.draft.parameters,
      edits: {},
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ name: 'Re-create the VPN profile', provenance: { sessionId: id, usageCount: 0 } });
    expect(accepted.body.provenance.text).toMatch(/^written by operator of .* · used 0 times$/);
    expect((await api('GET', `/api/v1/draft-templates/${decided.draftId}`)).body).toMatchObject({
      status: 'accepted',
      promotedTemplateId: accepted.body.id,
    });
    expect(
      (await api('POST', `/api/v1/draft-templates/${decided.draftId}/accept`, operator, { name: 'Again', parameters_schema: [] })).status,
    ).toBe(409);
    expect((await api('GET', `/api/v1/ai-sessions/${id}/templatize-prompt`)).body.draft).toBeNull();
  });

  it('rejects a draft, and respects the team\'s "Don\'t ask me again"', async () => {
    const first = await vpnSession();
    const decided = (
      await api('POST', `/api/v1/ai-sessions/${first.id}/suggested-fixes/${first.fix.id}/decision`, operator, {
        decision: 'draft_template',
      })
    ).body;
    await api('POST', `/api/v1/ai-sessions/${first.id}/resolution-note/post`, operator, { markdown: 'Problem\nVPN', outcome: 'Fixed.' });
    expect((await api('PUT', '/api/v1/script-library/templatize-prompt', operator, { enabled: false })).body).toEqual({ enabled: false });
    expect((await api('GET', `/api/v1/ai-sessions/${first.id}/templatize-prompt`)).body).toEqual({ draft: null, enabled: false });
    const rejected = await api('POST', `/api/v1/draft-templates/${decided.draftId}/reject`, operator);
    expect(rejected.body.status).toBe('rejected');
    expect((await api('GET', '/api/v1/draft-templates?status=pending')).body.drafts).toEqual([]);
  });
});

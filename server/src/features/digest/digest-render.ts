// Issue 20: the digest mail — HTML (tables, inline styles; see mail-layout.ts) with a text part
// saying the same. Every section links into Flightdeck.
import { escapeHtml, mailLayout } from '#src/features/notifications/mail-layout';
import type { ActiveCondition } from '#src/features/notifications/alert-conditions.repository';

export type DigestContent = {
  accountName: string;
  localDate: string;
  waiting: { customerId: string | null; customer: string | null; waiting: number; errors: number }[];
  missed: { jobId: string; job: string; customer: string | null; runAt: Date }[];
  failing: ActiveCondition[];
  tickets: { opened: number; resolved: number; openNow: number };
  brokenMappings: { id: string; name: string; status: string; message: string | null }[];
  brokenIntegrations: ActiveCondition[];
};

const TH = 'style="text-align:left;padding:6px 8px;border-bottom:1px solid #e4e4e7;font-size:12px;color:#52525b"';
const TD = 'style="padding:6px 8px;border-bottom:1px solid #f4f4f5;font-size:13px;vertical-align:top"';
const H2 = 'style="margin:24px 0 8px;font-size:16px;font-family:Arial,Helvetica,sans-serif"';

const table = (head: string[], rows: string[][]) =>
  `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>${head.map((h) => `<th ${TH}>${escapeHtml(h)}</th>`).join('')}</tr>${rows
    .map((r) => `<tr>${r.map((c) => `<td ${TD}>${c}</td>`).join('')}</tr>`)
    .join('')}</table>`;

const a = (href: string, label: string) => `<a href="${escapeHtml(href)}" style="color:#2563eb">${escapeHtml(label)}</a>`;

export const renderDigest = (c: DigestContent, link: (path: string) => string) => {
  const waitingTotal = c.waiting.reduce((n, w) => n + w.waiting, 0);
  const subject = `Flightdeck daily digest ${c.localDate}: ${waitingTotal} run${waitingTotal === 1 ? '' : 's'} to review, ${c.missed.length} missed, ${c.failing.length} job${c.failing.length === 1 ? '' : 's'} failing`;
  const sections: string[] = [];
  const text: string[] = [`Flightdeck daily digest for ${c.accountName}, ${c.localDate}`, ''];

  sections.push(`<h2 ${H2}>Waiting for review (${waitingTotal})</h2>`);
  text.push(`WAITING FOR REVIEW (${waitingTotal}) ${link('/run-checks')}`);
  if (c.waiting.length) {
    sections.push(
      table(
        ['Customer', 'Runs', 'Failed'],
        c.waiting.map((w) => [
          w.customerId ? a(link(`/run-checks?customer=${w.customerId}`), w.customer ?? '') : 'No customer',
          String(w.waiting),
          String(w.errors),
        ]),
      ),
    );
    text.push(...c.waiting.map((w) => `  ${w.customer ?? 'No customer'}: ${w.waiting} (${w.errors} failed)`));
  } else {
    sections.push('<p style="font-size:13px">Nothing waits for review.</p>');
    text.push('  Nothing waits for review.');
  }

  sections.push(`<h2 ${H2}>Missed runs in the last day (${c.missed.length})</h2>`);
  text.push('', `MISSED RUNS IN THE LAST DAY (${c.missed.length})`);
  if (c.missed.length) {
    sections.push(
      table(
        ['Customer', 'Job', 'Expected'],
        c.missed.map((m) => [
          escapeHtml(m.customer ?? '—'),
          a(link(`/jobs/${m.jobId}`), m.job),
          escapeHtml(m.runAt.toISOString().slice(0, 16).replace('T', ' ')),
        ]),
      ),
    );
    text.push(...c.missed.map((m) => `  ${m.customer ?? '—'} · ${m.job} · ${m.runAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`));
  } else {
    sections.push('<p style="font-size:13px">No run was missed.</p>');
    text.push('  No run was missed.');
  }

  sections.push(`<h2 ${H2}>Jobs failing night after night (${c.failing.length})</h2>`);
  text.push('', `JOBS FAILING NIGHT AFTER NIGHT (${c.failing.length})`);
  if (c.failing.length) {
    sections.push(
      table(
        ['Job', 'Last runs'],
        c.failing.map((f) => [a(link(f.path), f.subject), escapeHtml(f.facts.find((x) => x.label === 'Last runs')?.value ?? '')]),
      ),
    );
    text.push(...c.failing.map((f) => `  ${f.subject}: ${f.facts.find((x) => x.label === 'Last runs')?.value ?? ''}`));
  } else {
    sections.push('<p style="font-size:13px">No job failed three runs in a row.</p>');
    text.push('  No job failed three runs in a row.');
  }

  sections.push(`<h2 ${H2}>Tickets</h2>`);
  sections.push(
    `<p style="font-size:13px">${c.tickets.opened} opened and ${c.tickets.resolved} resolved in the last day; ${c.tickets.openNow} open now.</p>`,
  );
  text.push(
    '',
    'TICKETS',
    `  ${c.tickets.opened} opened and ${c.tickets.resolved} resolved in the last day; ${c.tickets.openNow} open now.`,
  );

  const broken = c.brokenMappings.length + c.brokenIntegrations.length;
  sections.push(`<h2 ${H2}>Mappings and integrations that need attention (${broken})</h2>`);
  text.push('', `MAPPINGS AND INTEGRATIONS THAT NEED ATTENTION (${broken})`);
  if (broken) {
    sections.push(
      table(
        ['What', 'Problem'],
        [
          ...c.brokenIntegrations.map((i) => [
            a(link(i.path), i.subject),
            escapeHtml(i.facts.map((f) => `${f.label}: ${f.value}`).join('; ')),
          ]),
          ...c.brokenMappings.map((m) => [
            a(link(`/customers/${m.id}/jobs`), m.name),
            escapeHtml(`PSA company ${m.status}${m.message ? `: ${m.message}` : ''}`),
          ]),
        ],
      ),
    );
    text.push(
      ...c.brokenIntegrations.map((i) => `  ${i.subject}: ${i.facts.map((f) => `${f.label}: ${f.value}`).join('; ')}`),
      ...c.brokenMappings.map((m) => `  ${m.name}: PSA company ${m.status}${m.message ? `: ${m.message}` : ''}`),
    );
  } else {
    sections.push('<p style="font-size:13px">Every mapping and integration works.</p>');
    text.push('  Every mapping and integration works.');
  }
  text.push('', `Open Flightdeck: ${link('/')}`, 'You get this mail because you chose a daily digest in Settings → Preferences.');
  return {
    subject,
    html: mailLayout({
      brand: c.accountName,
      heading: `Daily digest · ${c.localDate}`,
      body: sections.join('\n'),
      link: { href: link('/run-checks'), label: 'Open the Run Checks board' },
    }),
    text: text.join('\n'),
  };
};

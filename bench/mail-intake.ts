// bench/mail-intake (issue 11 item 8): report mails per second through the upload route (real
// HTTP) and through each poller (IMAP and Microsoft Graph, against the sandboxes), and the worst
// parse time per MB of input across all parsers. The corpus is every fixture mail, repeated with
// fresh Message-IDs; the baseline, measured in the same run, is reading the same mails with the
// parsers alone (no storage), so the ratios say what storing and moving costs on top.
// Medians of RUNS runs. Usage: npm run bench -- mail-intake (DATABASE_URL=… for PostgreSQL).
import fs from 'node:fs';
import path from 'node:path';
import { GRAPH_SANDBOX_CREDENTIALS as GRAPH, startGraphSandbox } from '../sandbox/src/graph/graph-sandbox';
import { IMAP_SANDBOX_CREDENTIALS, startImapSandbox } from '../sandbox/src/imap/imap-sandbox';
import { buildApp } from '../server/src/app';
import { createOutboundPolicy } from '../server/src/features/external-calls/outbound-policy';
import { interpretMail } from '../server/src/features/mail-intake/parsers/interpret-mail';
import { readReportMail } from '../server/src/features/mail-intake/parsers/mail-reader';
import { REPORT_PARSERS } from '../server/src/features/mail-intake/parsers/registry';
import { createServices } from '../server/src/services';
import { adversarialMails } from '../server/test/adversarial-mails';
import { benchLog, openBenchDatabase } from './bench-setup';
import { recordResults } from './results';
import { median } from './stats';

const RUNS = 3;
const MAILS = 150; // per run and path; under the pollers' batch of 200
const FIXTURES = path.join(import.meta.dirname, '../server/src/features/mail-intake/parsers/fixtures');
const corpus = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.eml'))
  .map((f) => fs.readFileSync(path.join(FIXTURES, f)));

let serial = 0;
/** `count` mails from the corpus, each with a Message-ID of its own (so each is new). */
const freshMails = (count: number) =>
  Array.from({ length: count }, (_, i) => {
    serial += 1;
    const raw = corpus[i % corpus.length] as Buffer;
    const text = raw.toString('latin1');
    const id = `<bench-${serial}@mail-intake.bench>`;
    const replaced = /^Message-I[Dd]:.*$/m.test(text)
      ? text.replace(/^Message-I[Dd]:.*$/m, `Message-ID: ${id}`)
      : `Message-ID: ${id}\r\n${text}`;
    return Buffer.from(replaced, 'latin1');
  });

const perSecond = (count: number, ms: number) => (count * 1000) / ms;

const { database, keyring, engine, close } = await openBenchDatabase(10);
const services = createServices({ database, keyring, outbound: createOutboundPolicy({ allowPrivate: true }) });
const app = await buildApp({ services, logger: benchLog });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const slug = `bench-mail-${Date.now()}`;
const { users } = await services.accounts.createAccount({
  name: 'Bench MSP',
  slug,
  users: [{ email: `admin@${slug}.test`, displayName: 'Bench Admin', role: 'admin', password: 'bench-password-123' }],
});
const login = await fetch(`${base}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: users[0]?.email, password: 'bench-password-123' }),
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
const headers = { cookie, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };

// Baseline: the parsers alone, in this thread.
const parseOnly = async () => {
  const mails = freshMails(MAILS);
  const started = performance.now();
  for (const raw of mails) {
    await interpretMail(raw, String(Math.random()), REPORT_PARSERS);
  }
  return performance.now() - started;
};

const upload = async () => {
  const mails = freshMails(MAILS);
  const started = performance.now();
  for (const raw of mails) {
    const response = await fetch(`${base}/api/v1/mails`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'message/rfc822' },
      body: raw,
    });
    if (response.status !== 200 && response.status !== 201) {
      throw new Error(`upload answered ${response.status}: ${await response.text()}`);
    }
  }
  return performance.now() - started;
};

const configure = (payload: Record<string, unknown>) =>
  fetch(`${base}/api/v1/mailbox`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });

const pollTimed = async () => {
  const started = performance.now();
  const result = (await (await fetch(`${base}/api/v1/mailbox/poll`, { method: 'POST', headers })).json()) as {
    ok: boolean;
    moved: number;
    message: string;
  };
  if (!result.ok || result.moved !== MAILS) {
    throw new Error(`poll: ${result.message}`);
  }
  return performance.now() - started;
};

const imap = await startImapSandbox();
const imapPoll = async () => {
  for (const raw of freshMails(MAILS)) {
    imap.deliver(raw);
  }
  return pollTimed();
};

const graph = await startGraphSandbox();
const graphPoll = async () => {
  for (const raw of freshMails(MAILS)) {
    graph.deliver(raw);
  }
  return pollTimed();
};

// Warm-up of every path (JIT, worker start, folder creation), not counted.
await parseOnly();
await upload();
const measured: Record<string, number[]> = { parse: [], upload: [], imap: [], graph: [] };
for (let run = 0; run < RUNS; run++) {
  measured.parse?.push(await parseOnly());
  measured.upload?.push(await upload());
}
await configure({
  enabled: true,
  host: imap.host,
  port: imap.port,
  tls: false,
  username: IMAP_SANDBOX_CREDENTIALS.user,
  password: IMAP_SANDBOX_CREDENTIALS.password,
});
await imapPoll();
for (let run = 0; run < RUNS; run++) {
  measured.imap?.push(await imapPoll());
}
await configure({
  provider: 'graph',
  enabled: true,
  tenantId: GRAPH.tenantId,
  clientId: GRAPH.clientId,
  clientSecret: GRAPH.clientSecret,
  mailbox: GRAPH.mailbox,
  signInUrl: graph.origin,
  graphUrl: graph.origin,
  folder: 'Inbox',
});
await graphPoll();
for (let run = 0; run < RUNS; run++) {
  measured.graph?.push(await graphPoll());
}

// Worst parse time per MB: every parser on every fixture and every adversarial mail (read once).
let worst = { msPerMb: 0, parser: '', input: '' };
let worstRead = { msPerMb: 0, input: '' };
let worstSmallMs = 0;
const inputs = [
  ...fs.readdirSync(FIXTURES).map((f) => ({ name: f, raw: fs.readFileSync(path.join(FIXTURES, f)) })),
  ...adversarialMails().map((m) => ({ name: `adversarial: ${m.name}`, raw: m.raw })),
];
for (const input of inputs) {
  const mb = input.raw.length / 2 ** 20;
  const started = performance.now();
  const mail = await readReportMail(input.raw).catch(() => null);
  const readMs = performance.now() - started;
  // Per MB only where the input is big enough for the figure to mean something (the 1 MB mails);
  // a 3 KB fixture's fixed costs divided by 0.003 MB would dominate.
  const sized = input.raw.length >= 100_000;
  worstSmallMs = sized ? worstSmallMs : Math.max(worstSmallMs, readMs);
  if (sized && readMs / mb > worstRead.msPerMb) {
    worstRead = { msPerMb: readMs / mb, input: input.name };
  }
  if (!mail) {
    continue;
  }
  for (const parser of REPORT_PARSERS) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      try {
        parser.parse(mail);
      } catch {
        // a refusal is a result too; only the time counts here
      }
      times.push(performance.now() - t0);
    }
    const msPerMb = median(times) / mb;
    worstSmallMs = sized ? worstSmallMs : Math.max(worstSmallMs, median(times));
    if (sized && msPerMb > worst.msPerMb) {
      worst = { msPerMb, parser: parser.id, input: input.name };
    }
  }
}

const rate = (key: string) => perSecond(MAILS, median(measured[key] as number[]));
const parseRate = rate('parse');
const lines = [
  `Engine: ${engine}. ${MAILS} mails per run (the ${corpus.length} fixture mails repeated, each with its own Message-ID), median of ${RUNS} runs.`,
  '',
  '| path | mails/s | ratio to parsers alone |',
  '| --- | --- | --- |',
  `| parsers alone (baseline, in-process, nothing stored) | ${parseRate.toFixed(0)} | 1.00 |`,
  ...(['upload', 'imap', 'graph'] as const).map(
    (key) =>
      `| ${{ upload: 'upload (POST /api/v1/mails over HTTP, one at a time)', imap: 'IMAP poller (sandbox)', graph: 'Microsoft Graph poller (sandbox)' }[key]} | ${rate(key).toFixed(0)} | ${(rate(key) / parseRate).toFixed(2)} |`,
  ),
  '',
  `Worst parse time per MB of input across all ${REPORT_PARSERS.length} parsers and ${inputs.length} inputs (fixtures and 1 MB adversarial mails): ${worst.msPerMb.toFixed(1)} ms/MB (${worst.parser} on "${worst.input}"). Reading the MIME (mailparser), worst: ${worstRead.msPerMb.toFixed(1)} ms/MB ("${worstRead.input}"). On the fixture mails (all under 100 KB) no read or parse took longer than ${worstSmallMs.toFixed(1)} ms.`,
];
console.log(lines.join('\n'));
recordResults(`mail-intake (${engine})`, lines.join('\n'));

await imap.close();
await graph.close();
await app.close();
await close();

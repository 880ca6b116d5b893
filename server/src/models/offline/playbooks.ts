// P3.5: the offline pilot's troubleshooting playbooks for common MSP incidents. Each asks a few
// questions, proposes diagnostic checks and, once there is evidence, suggests one fix. Plain data:
// adding a playbook is adding an entry here (and a matching test line).
export type Playbook = {
  id: string;
  title: string;
  /** Words or phrases that name this incident (2 points each, matched as whole words). */
  keywords: string[];
  /** Words that point to it without naming it (1 point each): "printer", "offline", "share". */
  cues?: string[];
  intro: string;
  questions: string[];
  /** `cmd`: the same check without PowerShell, for customers whose insights restrict it. */
  checks: { title: string; command: string | null; cmd?: string }[];
  /** `script` may name `<host>`: the host or address the session's facts confirm. */
  fix: { title: string; description: string; templateSlug: string | null; script: string | null };
};

export const PLAYBOOKS: Playbook[] = [
  {
    id: 'outlook-credential-prompts',
    title: 'Outlook keeps asking for credentials',
    keywords: [
      'password prompt',
      'keeps asking',
      'prompted for credentials',
      'credential prompt',
      'asking for the password',
      'asking for credentials',
      'modern auth',
      'creds',
    ],
    cues: [
      'outlook',
      'credential',
      'credentials',
      'password',
      'o365',
      'office 365',
      'm365',
      'over and over',
      'keeps prompting',
      'prompting',
    ],
    intro: 'Repeated Outlook prompts usually come from cached credentials or tokens that no longer match the account.',
    questions: [
      'Did the prompts start right after a password change or reset?',
      'Is it Outlook desktop only, or also Outlook on the web and mobile?',
      'Is it one user or several users?',
    ],
    checks: [
      { title: 'List stored Office credentials', command: 'cmdkey /list | findstr /i "MicrosoftOffice"' },
      {
        title: 'Check the Office identity cache',
        command: 'Get-ChildItem "$env:LOCALAPPDATA\\Microsoft\\Office\\16.0\\Identity"',
        cmd: 'dir "%LOCALAPPDATA%\\Microsoft\\Office\\16.0\\Identity"',
      },
    ],
    fix: {
      title: 'Clear cached Office credentials and tokens',
      description:
        'Remove the stale Office entries from Credential Manager and the Office identity cache, then sign in once with the new password.',
      templateSlug: 'clear-office-credentials',
      script:
        'cmdkey /list | Select-String "MicrosoftOffice" | ForEach-Object { cmdkey /delete:($_ -split "target=")[1].Trim() }\nRemove-Item "$env:LOCALAPPDATA\\Microsoft\\Office\\16.0\\Identity" -Recurse -Force',
    },
  },
  {
    id: 'vpn-failure',
    title: 'VPN does not connect',
    keywords: ['vpn', 'forticlient', 'anyconnect', 'wireguard', 'ipsec', 'globalprotect', 'openvpn'],
    cues: ['tunnel', 'remote access', 'from home', 'remote worker', 'gateway'],
    intro: 'VPN failures split into reachability, authentication and client problems; the checks below separate them.',
    questions: [
      'What error does the VPN client show?',
      'Does it fail for everyone or only for some users or networks?',
      'Did anything change recently (client update, certificate, password)?',
    ],
    checks: [
      { title: 'Test the VPN gateway port', command: 'Test-NetConnection vpn.example.com -Port 443' },
      { title: 'Check the VPN client version', command: null },
    ],
    fix: {
      title: 'Reinstall the current VPN client profile',
      description:
        'Remove the old connection profile, install the current client version and re-import the profile; re-enrol the user certificate if it expired.',
      templateSlug: null,
      // No team template yet: the drafted script goes through the three-option dialog (P7.3).
      // <host> is the gateway the session confirmed; without one the pilot drafts no script.
      script:
        "Get-VpnConnection -Name 'Company VPN' -ErrorAction SilentlyContinue | Remove-VpnConnection -Force\nAdd-VpnConnection -Name 'Company VPN' -ServerAddress <host> -TunnelType Ikev2 -AuthenticationMethod Eap -RememberCredential",
    },
  },
  {
    id: 'printer-offline',
    title: 'Printer shows offline',
    keywords: ['spooler', 'print queue', 'print jobs', 'print job', 'printer offline'],
    cues: ['printer', 'print', 'offline', 'print server', 'kyocera', 'ricoh', 'brother'],
    intro: 'An offline printer is usually the network path, a stuck spooler, or a changed IP address.',
    questions: [
      'Is the printer offline for everyone or one computer?',
      'Does the printer show an IP address on its panel?',
      'Was the printer moved or restarted recently?',
    ],
    checks: [
      { title: 'Ping the printer', command: 'Test-NetConnection <printer-ip>', cmd: 'ping -n 4 <printer-ip>' },
      { title: 'Check the print spooler service', command: 'Get-Service Spooler', cmd: 'sc query spooler' },
    ],
    fix: {
      title: 'Restart the spooler and fix the port address',
      description:
        'Clear the print queue, restart the Print Spooler service and point the printer port at the printer’s current IP address.',
      templateSlug: 'restart-print-spooler',
      script: 'Stop-Service Spooler -Force\nRemove-Item "$env:SystemRoot\\System32\\spool\\PRINTERS\\*" -Force\nStart-Service Spooler',
    },
  },
  {
    id: 'low-disk-space',
    title: 'Low disk space',
    keywords: ['disk space', 'disk full', 'low disk', 'out of space', 'storage full', 'drive almost full', 'drive full'],
    cues: ['c:', 'full', 'free space', 'mb free', 'gb free'],
    intro: 'Low disk space is usually a few large folders: temp files, update caches, logs or user data.',
    questions: ['Which drive is low, and how much is free?', 'Is it a server or a workstation?', 'Did it fill up suddenly or slowly?'],
    checks: [
      { title: 'Show free space per drive', command: 'Get-PSDrive -PSProvider FileSystem', cmd: 'fsutil volume diskfree C:' },
      {
        title: 'Find the largest folders',
        command: 'Get-ChildItem C:\\ -Directory | Sort-Object Length -Descending | Select-Object -First 10',
      },
    ],
    fix: {
      title: 'Clean up temp files and the update cache',
      description:
        'Run Disk Cleanup including system files, clear the Windows Update download cache and old temp files, then set up alerting at 15% free.',
      templateSlug: 'disk-cleanup',
      script:
        'Stop-Service wuauserv\nRemove-Item C:\\Windows\\SoftwareDistribution\\Download\\* -Recurse -Force\nStart-Service wuauserv\ncleanmgr /sagerun:1',
    },
  },
  {
    id: 'failed-backup-job',
    title: 'Backup job failed',
    keywords: ['backup', 'backups', 'veeam', 'vss', 'backup job', 'restore point', 'hyper backup', 'acronis', 'datto'],
    cues: ['snapshot', 'repository', 'job failed'],
    intro: 'Backup failures are mostly snapshot (VSS) problems, a full or unreachable repository, or credentials.',
    questions: [
      'What does the job report say for the failed object?',
      'Did the previous run succeed?',
      'Is the backup repository reachable and not full?',
    ],
    checks: [
      { title: 'List VSS writers and their state', command: 'vssadmin list writers' },
      { title: 'Check free space on the repository', command: null },
    ],
    fix: {
      title: 'Reset failed VSS writers and rerun the job',
      description:
        'Restart the services behind the failed VSS writers (or reboot the host in a window), confirm repository space, and rerun the job.',
      templateSlug: 'restart-vss-writers',
      script: 'vssadmin list writers\nRestart-Service VSS\nRestart-Service SQLWriter -ErrorAction SilentlyContinue',
    },
  },
  {
    id: 'mfa-lockout',
    title: 'MFA lockout',
    keywords: ['mfa', '2fa', 'authenticator', 'verification code', 'multi-factor', 'multifactor'],
    cues: ['locked out', 'lockout', 'new phone', 'codes'],
    intro: 'MFA lockouts usually follow a new phone, a lost device or repeated denied prompts.',
    questions: [
      'Did the user get a new phone or reinstall the authenticator app?',
      'Does the user still have another sign-in method registered?',
      'Is the account itself locked or only MFA failing?',
    ],
    checks: [
      { title: 'Review the sign-in log for the user', command: null },
      { title: 'List registered authentication methods', command: 'Get-MgUserAuthenticationMethod -UserId <user>' },
    ],
    fix: {
      title: 'Require re-registration of MFA methods',
      description:
        'After verifying the user’s identity out of band, remove the stale authenticator registration and require MFA re-registration at next sign-in.',
      templateSlug: 'reset-mfa-registration',
      script: null,
    },
  },
  {
    id: 'dns-resolution',
    title: 'DNS resolution problems',
    keywords: ['dns', 'nslookup', 'name resolution', 'cannot resolve', 'not resolving', 'server not found', 'dns_probe_finished_nxdomain'],
    cues: ['websites not loading', 'website not loading', 'ping', '8.8.8.8', 'resolve'],
    intro: 'Name resolution problems come from the client’s DNS servers, a stale cache, or the DNS server itself.',
    questions: ['Which names fail: internal, external, or both?', 'Does it work by IP address?', 'Is it one computer or the whole site?'],
    checks: [
      { title: 'Resolve a name against the configured DNS server', command: 'Resolve-DnsName example.com', cmd: 'nslookup example.com' },
      { title: 'Show the DNS servers in use', command: 'Get-DnsClientServerAddress', cmd: 'ipconfig /all | findstr /i "DNS"' },
    ],
    fix: {
      title: 'Flush the DNS cache and fix the DNS server list',
      description:
        'Point the client at the site’s DNS servers (not a public resolver for internal names), flush the cache and renew the lease.',
      templateSlug: 'flush-dns',
      script: 'ipconfig /flushdns\nipconfig /renew\nClear-DnsClientCache',
    },
  },
  {
    id: 'mapped-drives',
    title: 'Mapped drives missing',
    keywords: ['mapped drive', 'mapped drives', 'network drive', 'drive letter', 'shared drive'],
    cues: ['share', 'file server', 'smb', 'red x', 'disconnected', 'net use'],
    intro: 'Missing mapped drives are usually the mapping policy, credentials, or the file server path.',
    questions: [
      'Which drive letters are missing?',
      'Can the user open the share by its UNC path?',
      'Are drives mapped by group policy or a login script?',
    ],
    checks: [
      { title: 'List current drive mappings', command: 'net use' },
      { title: 'Test the file server share', command: 'Test-Path \\\\fileserver\\share', cmd: 'dir \\\\fileserver\\share' },
    ],
    fix: {
      title: 'Remap the drives and refresh policy',
      description: 'Remove stale mappings, refresh group policy and remap the drives with the user’s current credentials.',
      templateSlug: 'remap-drives',
      script: 'net use * /delete /y\ngpupdate /force',
    },
  },
  {
    id: 'certificate-expiry',
    title: 'Certificate expired',
    keywords: ['certificate', 'ssl', 'cert warning', 'not private', 'cert expired', 'certificate expired', 'net::err_cert_date_invalid'],
    cues: ['cert', 'tls', 'expired', 'https', 'autodiscover', 'warning'],
    intro: 'An expired certificate shows up as browser warnings, failing sync or broken connectors.',
    questions: [
      'Which service or website shows the certificate warning?',
      'When does the certificate say it expired?',
      'Is the certificate from a public CA or an internal one?',
    ],
    checks: [
      {
        title: 'Read the certificate of the endpoint',
        command: 'openssl s_client -connect host:443 -servername host < /dev/null | openssl x509 -noout -dates',
      },
      {
        title: 'List certificates expiring within 30 days',
        command: 'Get-ChildItem Cert:\\LocalMachine\\My | Where-Object NotAfter -lt (Get-Date).AddDays(30)',
      },
    ],
    fix: {
      title: 'Renew and bind the certificate',
      description:
        'Renew the certificate with its CA, install it with the private key and rebind it on every service that uses it; set a renewal reminder.',
      templateSlug: null,
      script: null,
    },
  },
  {
    id: 'slow-endpoint',
    title: 'Slow computer',
    keywords: ['slow', 'sluggish', 'takes ages', 'high cpu', '100% cpu', 'freezes', 'freezing'],
    cues: ['performance', 'fan', 'boot', 'lag', 'hangs'],
    intro: 'A slow endpoint is usually one process, a full disk, too little memory, or pending updates.',
    questions: [
      'Is it slow all the time or at certain moments (start-up, one application)?',
      'How old is the computer and how much memory does it have?',
      'Were updates or new software installed recently?',
    ],
    checks: [
      {
        title: 'Show the top processes by CPU and memory',
        command: 'Get-Process | Sort-Object CPU -Descending | Select-Object -First 10',
        cmd: 'tasklist /v /fo table',
      },
      { title: 'Check free disk space and disk health', command: 'Get-PhysicalDisk | Select-Object FriendlyName, HealthStatus' },
    ],
    fix: {
      title: 'Trim start-up load and finish pending updates',
      description:
        'Disable unneeded start-up items, finish pending updates with a restart, and replace the disk or add memory if the checks point there.',
      templateSlug: null,
      script: null,
    },
  },
];

export const GENERAL_PLAYBOOK: Playbook = {
  id: 'general',
  title: 'General troubleshooting',
  keywords: [],
  intro: 'Let us pin down what is happening before changing anything.',
  questions: [
    'What exactly is the user seeing (error text or screenshot)?',
    'When did it start, and what changed around then?',
    'How many users or devices are affected?',
  ],
  checks: [{ title: 'Reproduce the problem and note the exact error', command: null }],
  fix: {
    title: 'Apply the change that matches the confirmed cause',
    description: 'Based on what we confirmed, apply the smallest change that addresses the cause and verify with the user.',
    templateSlug: null,
    script: null,
  },
};

/**
 * What a message says that already answers a playbook question, so the pilot does not ask it
 * again (issue 17): the question, and the wording that answers it. Conservative on purpose: a
 * sentence answers only when it says the thing, not when it merely mentions the topic.
 */
export const ANSWERED_BY: Record<string, RegExp> = {
  'Did the prompts start right after a password change or reset?':
    /\b(?:since|after|following)\b[^.;]{0,40}\b(?:password (?:change|reset)|reset)\b|\b(?:changed|reset)\b[^.;]{0,20}\bpassword\b/i,
  'Is it Outlook desktop only, or also Outlook on the web and mobile?':
    /\b(?:only|just)\b[^.;]{0,20}\b(?:outlook )?desktop\b|\b(?:web|owa|outlook on the web|mobile|phone)\b[^.;]{0,25}\b(?:works|is fine|too|as well|also)\b/i,
  'Is it one user or several users?':
    /\b(?:only|just) (?:one|this|her|him|me|the one) ?(?:user)?\b|\b(?:everyone|all users|several users|whole office|multiple users)\b/i,
  'What error does the VPN client show?': /\b(?:error|says|shows|message)\b[^.;]{3,}/i,
  'Does it fail for everyone or only for some users or networks?':
    /\b(?:everyone|all users|nobody can|only (?:me|one|some|the \w+ team|from home))\b/i,
  'Is the printer offline for everyone or one computer?':
    /\b(?:everyone|all (?:users|computers|pcs)|only (?:one|my|this) (?:computer|pc|laptop))\b/i,
};

/** The sentence of `message` that answers `question`, if one does. */
export const answerIn = (question: string, message: string): string | null => {
  const pattern = ANSWERED_BY[question];
  if (!pattern) {
    return null;
  }
  const sentence = message
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .find((s) => pattern.test(s));
  return sentence ? sentence.slice(0, 300) : null;
};

/** Points a playbook needs before it is chosen: one naming keyword, or two cues. */
export const MATCH_THRESHOLD = 2;

const wordPattern = (phrase: string) => new RegExp(`(?<![\\w])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`, 'i');
const scorers = new Map<Playbook, { keywords: RegExp[]; cues: RegExp[] }>();
const scorerOf = (playbook: Playbook) => {
  let scorer = scorers.get(playbook);
  if (!scorer) {
    scorer = { keywords: playbook.keywords.map(wordPattern), cues: (playbook.cues ?? []).map(wordPattern) };
    scorers.set(playbook, scorer);
  }
  return scorer;
};

/**
 * The playbook for an incident: the one that scores highest on whole-word keywords (2) and cues
 * (1), if it reaches the threshold; otherwise the general playbook's triage questions — a wrong
 * playbook's questions cost the technician more than no playbook (issue 18).
 */
export const choosePlaybook = (text: string): Playbook => {
  let best: { playbook: Playbook; score: number } = { playbook: GENERAL_PLAYBOOK, score: 0 };
  for (const playbook of PLAYBOOKS) {
    const { keywords, cues } = scorerOf(playbook);
    const score = 2 * keywords.filter((k) => k.test(text)).length + cues.filter((c) => c.test(text)).length;
    if (score > best.score) {
      best = { playbook, score };
    }
  }
  return best.score >= MATCH_THRESHOLD ? best.playbook : GENERAL_PLAYBOOK;
};

export const playbookById = (id: string | null | undefined) =>
  PLAYBOOKS.find((p) => p.id === id) ?? (id === 'general' ? GENERAL_PLAYBOOK : null);

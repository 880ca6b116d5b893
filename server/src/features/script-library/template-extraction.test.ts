// P7.4: the offline extractor on real-world admin scripts (PowerShell, bash, cmd) as MSP
// technicians write them. For each: the proposal renders back to exactly the original, the
// environment-specific values (and only those) become parameters, and no command name or keyword
// is ever a parameter.
import { describe, expect, it } from 'vitest';
import type { ScriptLanguage } from './parameter-schema';
import { renderScript } from './script-render';
import { extractTemplate, proposalHolds } from './template-extraction';

const SCRIPTS: { name: string; language: ScriptLanguage; script: string; parameters: string[] }[] = [
  {
    name: 'restart the spooler on a print server',
    language: 'powershell',
    script:
      'Invoke-Command -ComputerName PRN-02 -ScriptBlock {\n  Stop-Service Spooler -Force\n  Remove-Item "$env:SystemRoot\\System32\\spool\\PRINTERS\\*" -Force\n  Start-Service Spooler\n}',
    parameters: ['computer_name'],
  },
  {
    name: 'reset a user password in AD',
    language: 'powershell',
    script:
      "Set-ADAccountPassword -Identity jdoe -Reset -NewPassword (Read-Host -AsSecureString 'New password')\nSet-ADUser -Identity jdoe -ChangePasswordAtLogon $true",
    parameters: ['user_name'],
  },
  {
    name: 'grant mailbox access',
    language: 'powershell',
    script: 'Add-MailboxPermission -Identity shared@contoso.com -User dana.reyes@contoso.com -AccessRights FullAccess -InheritanceType All',
    parameters: ['user_email', 'user_email_2'],
  },
  {
    name: 'test a VPN gateway port',
    language: 'powershell',
    script: 'Test-NetConnection vpn.contoso.com -Port 443',
    parameters: ['host_name', 'port'],
  },
  {
    name: 'flush DNS and renew the lease',
    language: 'cmd',
    script: 'ipconfig /flushdns\nipconfig /release\nipconfig /renew\nnslookup dc01.contoso.local 10.0.0.10',
    parameters: ['ip_address', 'host_name'],
  },
  {
    name: 'map a drive',
    language: 'cmd',
    script: 'net use S: \\\\FS01\\Shared /persistent:yes',
    parameters: ['server_name'],
  },
  {
    name: 'unlock a domain user',
    language: 'cmd',
    script: 'net user jdoe /domain /active:yes',
    parameters: ['user_name'],
  },
  {
    name: 'clear old files from a share',
    language: 'powershell',
    script: "Get-ChildItem '\\\\FS01\\Scans' -Recurse | Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-30) } | Remove-Item -Force",
    parameters: ['server_name', 'days'],
  },
  {
    name: 'free disk space report',
    language: 'powershell',
    script:
      'Get-CimInstance Win32_LogicalDisk -ComputerName SRV-FILE01 -Filter "DriveType=3" | Select-Object DeviceID, @{n=\'FreeGB\';e={[math]::Round($_.FreeSpace/1GB,1)}}',
    parameters: ['computer_name'],
  },
  {
    name: 'restart Veeam services',
    language: 'powershell',
    script: "Invoke-Command -ComputerName VBR01 { Get-Service Veeam* | Where-Object Status -ne 'Running' | Start-Service }",
    parameters: ['computer_name'],
  },
  {
    name: 'clear cached Office credentials for a profile',
    language: 'powershell',
    script: 'Remove-Item "C:\\Users\\dreyes\\AppData\\Local\\Microsoft\\Office\\16.0\\Identity" -Recurse -Force\ncmdkey /list',
    parameters: ['user_name'],
  },
  {
    name: 'reset MFA registration',
    language: 'powershell',
    script:
      "Connect-MgGraph -Scopes 'UserAuthenticationMethod.ReadWrite.All'\nGet-MgUserAuthenticationMethod -UserId dana.reyes@contoso.com | Where-Object { $_.Id -ne '28c10230-6103-485e-b985-444c60001490' }",
    parameters: ['user_email'],
  },
  {
    name: 'check a certificate expiry',
    language: 'bash',
    script: 'echo | openssl s_client -connect mail.contoso.com:443 -servername mail.contoso.com 2>/dev/null | openssl x509 -noout -enddate',
    parameters: ['host_name'],
  },
  {
    name: 'prune old backups',
    language: 'bash',
    script: 'find /srv/backup/nas01 -name "*.tar.gz" -mtime +14 -delete',
    parameters: ['days'],
  },
  {
    name: 'fix a home directory owner',
    language: 'bash',
    script: 'chown -R jdoe:staff /home/jdoe\nchmod 700 /home/jdoe',
    parameters: ['user_name'],
  },
  {
    name: 'check SSH reachability',
    language: 'bash',
    script: 'nc -zv 192.168.10.20 -p 22 || ssh -p 2222 admin@192.168.10.20 uptime',
    parameters: ['ip_address', 'port', 'port_2'],
  },
  {
    name: 'restart a systemd service',
    language: 'bash',
    script: 'systemctl restart smbd\nsystemctl status smbd --no-pager',
    parameters: [],
  },
  {
    name: 'sync time with the DC',
    language: 'cmd',
    script: 'w32tm /config /manualpeerlist:DC01 /syncfromflags:manual /update\nw32tm /resync',
    parameters: ['computer_name'],
  },
  {
    name: 'remove a stuck print job',
    language: 'powershell',
    script: "Get-PrintJob -ComputerName PRN-02 -PrinterName 'HP-Warehouse' | Remove-PrintJob",
    parameters: ['computer_name'],
  },
  {
    name: 'add a user to a group',
    language: 'powershell',
    script: "Add-ADGroupMember -Identity 'VPN Users' -Members jdoe",
    parameters: [],
  },
  {
    name: 'disable a lost laptop',
    language: 'powershell',
    script: "Disable-ADAccount -Identity 'LT-0042$'\nSet-ADComputer LT-0042 -Description 'Lost 2026-11-30'",
    parameters: ['computer_name'],
  },
  {
    name: 'ping sweep with a keyword-looking host',
    language: 'bash',
    script: 'for h in web01.contoso.local db01.contoso.local; do ping -c1 "$h"; done',
    parameters: ['host_name', 'host_name_2'],
  },
];

describe('template extraction, offline (P7.4)', () => {
  it.each(SCRIPTS)('$name: round-trips and takes only what belongs to one customer', ({ language, script, parameters }) => {
    const proposal = extractTemplate(script, language);
    const rendered = renderScript(proposal.body, language, proposal.parameters, proposal.values);
    expect(rendered).toEqual({ ok: true, body: script });
    expect(proposal.parameters.map((p) => p.key)).toEqual(parameters);
    expect(proposalHolds(script, language, proposal)).toBe(true);
    for (const p of proposal.parameters) {
      expect(p.inferred_from).toBeTruthy();
    }
    // No command or keyword is a parameter: the first word of every line survives as written.
    const firstWords = (text: string) => text.split('\n').map((line) => line.trim().split(/\s+/)[0]);
    expect(firstWords(proposal.body)).toEqual(firstWords(script));
  });

  it('refuses a proposal that parameterises a command or does not round-trip', () => {
    const script = 'Restart-Service Spooler';
    expect(
      proposalHolds(script, 'powershell', {
        body: '{{ cmd }} Spooler',
        parameters: [{ key: 'cmd', label: 'Command', type: 'text', required: true }],
        values: { cmd: 'Restart-Service' },
      }),
    ).toBe(false);
    expect(
      proposalHolds(script, 'powershell', {
        body: 'Restart-Service {{ name }}',
        parameters: [{ key: 'name', label: 'Service', type: 'text', required: true }],
        values: { name: 'Spool' },
      }),
    ).toBe(false);
  });
});

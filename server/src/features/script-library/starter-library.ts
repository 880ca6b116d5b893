// The demo's starter library (issue 16): the scripts the offline playbooks' fixes point at, by
// slug, written the way an MSP runs them — against the customer's machine with Invoke-Command,
// values as parameters. Seeded through the service, once, like every demo row.
import type { TemplateParameter } from './parameter-schema';
import type { TemplateBody } from './script-library.schemas';

type Starter = Omit<TemplateBody, 'categoryId'> & { slug: string; category: string };

const computer: TemplateParameter = {
  key: 'computer_name',
  label: 'Computer',
  type: 'text',
  required: true,
  pattern: '[A-Za-z0-9][A-Za-z0-9.-]{0,62}',
  fills: 'computer_name',
  help: 'The machine to run it on (NetBIOS name or FQDN)',
};

export const STARTER_TEMPLATES: Starter[] = [
  {
    slug: 'clear-office-credentials',
    category: 'Microsoft 365',
    name: 'Clear cached Office credentials',
    description: 'Removes the Office identity and token caches from a user profile so Outlook asks once for the new password.',
    language: 'powershell',
    parameters: [
      computer,
      { key: 'user_name', label: 'Profile user name', type: 'text', required: true, pattern: '[A-Za-z0-9._-]{1,64}', fills: 'user_name' },
    ],
    body: [
      '# Run while the user is signed out of Office; they sign in once afterwards.',
      'Invoke-Command -ComputerName {{ computer_name }} -ArgumentList {{ user_name }} -ScriptBlock {',
      '  param($user)',
      "  $local = Join-Path (Join-Path 'C:\\Users' $user) 'AppData\\Local'",
      "  Remove-Item (Join-Path $local 'Microsoft\\Office\\16.0\\Identity') -Recurse -Force -ErrorAction SilentlyContinue",
      "  Remove-Item (Join-Path $local 'Microsoft\\TokenBroker\\Cache') -Recurse -Force -ErrorAction SilentlyContinue",
      '  Write-Output "Office caches cleared for $user"',
      '}',
    ].join('\n'),
  },
  {
    slug: 'restart-print-spooler',
    category: 'Printing',
    name: 'Reset the print spooler',
    description: 'Stops the spooler, clears stuck jobs if asked, starts it again and shows its state.',
    language: 'powershell',
    parameters: [
      { ...computer, label: 'Print server or PC' },
      { key: 'clear_queue', label: 'Clear stuck jobs', type: 'boolean', required: true, default: true },
    ],
    body: [
      'Invoke-Command -ComputerName {{ computer_name }} -ArgumentList {{ clear_queue }} -ScriptBlock {',
      '  param($clearQueue)',
      '  Stop-Service Spooler -Force',
      '  if ($clearQueue) { Remove-Item "$env:SystemRoot\\System32\\spool\\PRINTERS\\*" -Force -ErrorAction SilentlyContinue }',
      '  Start-Service Spooler',
      '  Get-Service Spooler | Select-Object Status, Name',
      '}',
    ].join('\n'),
  },
  {
    slug: 'disk-cleanup',
    category: 'Maintenance',
    name: 'Free disk space',
    description: 'Deletes temporary files older than a number of days, empties the recycle bin and reports free space on C:.',
    language: 'powershell',
    parameters: [computer, { key: 'days', label: 'Older than (days)', type: 'number', required: true, default: 14, min: 1, max: 365 }],
    body: [
      'Invoke-Command -ComputerName {{ computer_name }} -ArgumentList {{ days }} -ScriptBlock {',
      '  param($days)',
      '  $limit = (Get-Date).AddDays(-$days)',
      '  Get-ChildItem "$env:SystemRoot\\Temp", \'C:\\Users\\*\\AppData\\Local\\Temp\' -Recurse -Force -ErrorAction SilentlyContinue |',
      '    Where-Object { $_.LastWriteTime -lt $limit } | Remove-Item -Recurse -Force -ErrorAction SilentlyContinue',
      '  Clear-RecycleBin -Force -ErrorAction SilentlyContinue',
      "  Get-PSDrive C | Select-Object @{ n = 'FreeGB'; e = { [math]::Round($_.Free / 1GB, 1) } }",
      '}',
    ].join('\n'),
  },
  {
    slug: 'restart-vss-writers',
    category: 'Backup',
    name: 'Restart failed VSS writers',
    description: 'Lists the VSS writers, restarts the VSS and SQL writer services and lists their state again.',
    language: 'powershell',
    parameters: [{ ...computer, label: 'Protected server' }],
    body: [
      'Invoke-Command -ComputerName {{ computer_name }} -ScriptBlock {',
      "  vssadmin list writers | Select-String 'Writer name|State|Last error'",
      '  Restart-Service VSS -Force',
      '  Restart-Service SQLWriter -ErrorAction SilentlyContinue',
      "  vssadmin list writers | Select-String 'Writer name|State|Last error'",
      '}',
    ].join('\n'),
  },
  {
    slug: 'restart-backup-services',
    category: 'Backup',
    name: 'Restart backup services',
    description: 'Starts every stopped service of the backup product on the server and shows what it started.',
    language: 'powershell',
    parameters: [
      { ...computer, label: 'Backup server' },
      {
        key: 'services',
        label: 'Backup product services',
        type: 'select',
        required: true,
        options: ['Veeam*', 'AcronisAgent*', 'BackupExec*'],
        default: 'Veeam*',
      },
    ],
    body: [
      'Invoke-Command -ComputerName {{ computer_name }} -ArgumentList {{ services }} -ScriptBlock {',
      '  param($pattern)',
      "  Get-Service -Name $pattern | Where-Object Status -ne 'Running' | Start-Service -PassThru",
      '}',
    ].join('\n'),
  },
  {
    slug: 'flush-dns',
    category: 'Network',
    name: 'Flush DNS and renew the lease',
    description: 'Clears the DNS cache, renews the DHCP lease and checks that a name resolves again.',
    language: 'cmd',
    parameters: [
      { key: 'host_name', label: 'Name to test', type: 'text', required: true, pattern: '[A-Za-z0-9.-]{1,253}', fills: 'domain' },
    ],
    body: ['ipconfig /flushdns', 'ipconfig /release', 'ipconfig /renew', 'nslookup {{ host_name }}'].join('\n'),
  },
  {
    slug: 'remap-drives',
    category: 'Network',
    name: 'Re-map a network drive',
    description: 'Removes a stale drive mapping and maps it again persistently, then refreshes group policy.',
    language: 'cmd',
    parameters: [
      { key: 'drive_letter', label: 'Drive', type: 'select', required: true, options: ['H:', 'P:', 'S:', 'T:', 'X:'], default: 'S:' },
      { key: 'share_path', label: 'Share', type: 'text', required: true, pattern: '\\\\\\\\[A-Za-z0-9.-]+\\\\[^"%!]+', fills: 'path' },
    ],
    body: ['net use {{ drive_letter }} /delete /y', 'net use {{ drive_letter }} {{ share_path }} /persistent:yes', 'gpupdate /force'].join(
      '\n',
    ),
  },
  {
    slug: 'reset-mfa-registration',
    category: 'Microsoft 365',
    name: "Reset a user's MFA registration",
    description: 'Removes the phone and Authenticator methods of a user with Microsoft Graph, so they register again at next sign-in.',
    language: 'powershell',
    parameters: [
      {
        key: 'user_email',
        label: 'User (UPN)',
        type: 'text',
        required: true,
        pattern: '[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}',
        fills: 'user_email',
      },
    ],
    body: [
      "Connect-MgGraph -Scopes 'UserAuthenticationMethod.ReadWrite.All' -NoWelcome",
      '$user = {{ user_email }}',
      'Get-MgUserAuthenticationPhoneMethod -UserId $user | ForEach-Object {',
      '  Remove-MgUserAuthenticationPhoneMethod -UserId $user -PhoneAuthenticationMethodId $_.Id',
      '}',
      'Get-MgUserAuthenticationMicrosoftAuthenticatorMethod -UserId $user | ForEach-Object {',
      '  Remove-MgUserAuthenticationMicrosoftAuthenticatorMethod -UserId $user -MicrosoftAuthenticatorAuthenticationMethodId $_.Id',
      '}',
      'Write-Output "MFA methods cleared for $user; they register again at the next sign-in."',
    ].join('\n'),
  },
];

// The documentation the sandbox MCP server searches: a handful of articles on problems MSP
// technicians meet every week, written for this sandbox in the style of Microsoft Learn pages
// (title, learn.microsoft.com URL, markdown content with code blocks).
export type DocsArticle = { title: string; url: string; content: string };

export const DOCS_CORPUS: readonly DocsArticle[] = [
  {
    title: 'Outlook repeatedly prompts for credentials when connecting to Microsoft 365',
    url: 'https://learn.microsoft.com/troubleshoot/outlook/authentication/outlook-prompt-password-modern-authentication-enabled',
    content: [
      'Outlook keeps asking for a password after a password change or when cached credentials in Windows Credential Manager are stale.',
      'Remove the cached entries for the Microsoft 365 identity, then restart Outlook and sign in once with modern authentication.',
      '```powershell\ncmdkey /list | Select-String "MicrosoftOffice16"\ncmdkey /delete:"MicrosoftOffice16_Data:SSPI:user@contoso.com"\n```',
      'If prompts continue, check that the AlwaysUseMSOAuthForAutoDiscover value is not set to 0 under HKCU\\Software\\Microsoft\\Exchange.',
    ].join('\n\n'),
  },
  {
    title: 'Clear-DnsClientCache: clear the contents of the DNS client cache',
    url: 'https://learn.microsoft.com/powershell/module/dnsclient/clear-dnsclientcache',
    content: [
      'The Clear-DnsClientCache cmdlet deletes all the contents of the DNS client cache, the same as running ipconfig /flushdns.',
      '```powershell\nClear-DnsClientCache\nResolve-DnsName fileserver01.contoso.local -Type A\n```',
      'Use it after a DNS record changed, for example when a file server was moved to a new IP address and clients still resolve the old one.',
    ].join('\n\n'),
  },
  {
    title: 'Troubleshoot mapped network drives that do not reconnect at sign-in',
    url: 'https://learn.microsoft.com/troubleshoot/windows-client/networking/mapped-network-drive-fail-reconnect',
    content: [
      'Mapped drives can show a red X or fail to reconnect when the network is not ready at sign-in.',
      'Enable "Always wait for the network at computer startup and logon" in Group Policy, or remap the drives with a script that runs after the network is available.',
      '```powershell\nGet-SmbMapping\nNew-SmbMapping -LocalPath "S:" -RemotePath "\\\\fileserver01\\shared" -Persistent $true\n```',
    ].join('\n\n'),
  },
  {
    title: 'Windows Update error 0x80070643 when installing updates',
    url: 'https://learn.microsoft.com/troubleshoot/windows-client/installing-updates-features-roles/error-0x80070643-windows-update',
    content: [
      'Error 0x80070643 (ERROR_INSTALL_FAILURE) is reported when an update cannot be installed, often because the recovery partition is too small for the WinRE update.',
      'Check the WinRE status and the partition size before resizing it.',
      '```powershell\nreagentc /info\nGet-Partition | Where-Object Type -eq Recovery\n```',
    ].join('\n\n'),
  },
  {
    title: 'Always On VPN connection fails with error 809',
    url: 'https://learn.microsoft.com/windows-server/remote/remote-access/vpn/always-on-vpn/deploy/always-on-vpn-troubleshoot',
    content: [
      'Error 809 means the network connection between the client and the VPN server could not be established, usually because UDP 500 and 4500 (IKEv2) are blocked by a firewall or NAT device.',
      'Test the ports from the client and check that fragmented IKE packets are allowed.',
      '```powershell\nTest-NetConnection vpn.contoso.com -Port 443\nGet-VpnConnection | Select-Object Name, ServerAddress, TunnelType\n```',
    ].join('\n\n'),
  },
];

// Issue 18: check outputs as technicians paste them become one short finding, not a dump.
import { describe, expect, it } from 'vitest';
import { checkFinding } from './check-findings';

describe('a check output as a finding', () => {
  it('keeps a one-line output as it is', () => {
    expect(checkFinding('TcpTestSucceeded : False')).toBe('TcpTestSucceeded : False');
  });

  it('counts the stored targets of cmdkey /list', () => {
    const output = [
      '',
      'Currently stored credentials:',
      '',
      '    Target: MicrosoftOffice16_Data:SSPI:dana.reyes@adatum.example',
      '    Type: Generic',
      '    User: dana.reyes@adatum.example',
      '    Local machine persistence',
      '',
      '    Target: MicrosoftOffice16_Data:ADAL:7f3c',
      '    Type: Generic',
      '    User: dana.reyes@adatum.example',
    ].join('\n');
    expect(checkFinding(output)).toBe(
      '2 stored credentials: MicrosoftOffice16_Data:SSPI:dana.reyes@adatum.example, MicrosoftOffice16_Data:ADAL:7f3c',
    );
  });

  it('picks the verdict lines of a Test-NetConnection and says what was left out', () => {
    const output = [
      'WARNING: TCP connect to (203.0.113.10 : 443) failed',
      'ComputerName     : vpn.northwind.example',
      'RemoteAddress    : 203.0.113.10',
      'RemotePort       : 443',
      'InterfaceAlias   : Wi-Fi',
      'SourceAddress    : 192.168.1.23',
      'PingSucceeded    : True',
      'TcpTestSucceeded : False',
    ].join('\n');
    expect(checkFinding(output)).toBe(
      'WARNING: TCP connect to (203.0.113.10 : 443) failed; TcpTestSucceeded : False; PingSucceeded : True (+5 more lines on the check)',
    );
  });

  it('reads a service listing and a vssadmin dump down to their states, failures first', () => {
    expect(
      checkFinding(
        'Status   Name               DisplayName\n------   ----               -----------\nStopped  Spooler            Print Spooler',
      ),
    ).toBe('Stopped Spooler Print Spooler');
    const vss = [
      "Writer name: 'System Writer'",
      '   Writer Id: {e8132975-6f93-4464-a53e-1050253ae220}',
      '   State: [1] Stable',
      '   Last error: No error',
      "Writer name: 'SqlServerWriter'",
      '   State: [8] Failed',
      '   Last error: Retryable error',
    ].join('\n');
    expect(checkFinding(vss)).toBe('State: [8] Failed; Last error: Retryable error; State: [1] Stable (+4 more lines on the check)');
  });

  it('never returns more than 200 characters', () => {
    expect(checkFinding(`${'x'.repeat(500)}\n${'error '.repeat(100)}`).length).toBeLessThanOrEqual(200);
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkOutboundUrl, createGuardedDispatcher, createOutboundPolicy, isPrivateAddress } from './outbound-policy';

describe('the outbound policy (issue 13 finding 9, N4)', () => {
  it('knows loopback, private, link-local, metadata and mapped addresses', () => {
    for (const inside of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd12::1',
      '::ffff:127.0.0.1',
      'fd00:ec2::254',
    ]) {
      expect([inside, isPrivateAddress(inside)]).toEqual([inside, true]);
    }
    for (const outside of ['8.8.8.8', '52.1.2.3', '2606:4700::1111']) {
      expect([outside, isPrivateAddress(outside)]).toEqual([outside, false]);
    }
  });

  it('refuses private targets, credentials in URLs and fragments; allows named origins and the opt-in', async () => {
    const strict = createOutboundPolicy({ allowedOrigins: ['http://127.0.0.1:4100'] });
    await expect(checkOutboundUrl(strict, 'http://127.0.0.1:5432/')).rejects.toMatchObject({
      details: { reason: 'outbound_target_refused' },
    });
    await expect(checkOutboundUrl(strict, 'http://[::ffff:7f00:1]:3511/healthz')).rejects.toThrow(/private|loopback/);
    await expect(checkOutboundUrl(strict, 'http://localhost:3511/healthz')).rejects.toThrow(/resolves to/);
    await expect(checkOutboundUrl(strict, 'https://user:pw@example.com/')).rejects.toThrow(/credentials/);
    await expect(checkOutboundUrl(strict, 'https://example.com/healthz#')).rejects.toThrow(/fragment/);
    await expect(checkOutboundUrl(strict, 'file:///etc/passwd')).rejects.toThrow(/http/);
    await expect(checkOutboundUrl(strict, 'http://127.0.0.1:4100/ATServicesRest/V1.0/x')).resolves.toBeInstanceOf(URL);
    await expect(checkOutboundUrl(createOutboundPolicy({ allowPrivate: true }), 'http://127.0.0.1:5432/')).resolves.toBeInstanceOf(URL);
  });

  it('re-checks the address at connect time, so a name that rebinds to loopback is refused', async () => {
    const server = http.createServer((_req, res) => res.end('inside'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
    try {
      const strict = createGuardedDispatcher(createOutboundPolicy());
      await expect(fetch(url, { dispatcher: strict } as RequestInit)).rejects.toThrow();
      const open = createGuardedDispatcher(createOutboundPolicy({ allowPrivate: true }));
      expect(await (await fetch(url, { dispatcher: open } as RequestInit)).text()).toBe('inside');
    } finally {
      server.close();
    }
  });
});

import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, trustedProxies } from '../src/http/clientAddress.ts';

const request = (peer: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  }) as unknown as IncomingMessage;

describe('client address behind proxies', () => {
  const trusted = trustedProxies(['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress(request('203.0.113.5', '198.51.100.1'), trusted)).toBe('203.0.113.5');
    expect(clientAddress(request('203.0.113.5'), trustedProxies([]))).toBe('203.0.113.5');
  });

  it('reads X-Forwarded-For from the right, skipping trusted proxies, up to the first other hop', () => {
    // The client forged the leftmost entry; the first untrusted hop from the right is the client.
    expect(clientAddress(request('10.1.2.3', '6.6.6.6, 198.51.100.7, 10.9.9.9'), trusted)).toBe(
      '198.51.100.7',
    );
    expect(clientAddress(request('::ffff:127.0.0.1', '198.51.100.8'), trusted)).toBe('198.51.100.8');
    expect(clientAddress(request('fd00::1', '2001:db8::5'), trusted)).toBe('2001:db8::5');
  });

  it('stops at an entry that is not an address', () => {
    expect(clientAddress(request('10.1.2.3', 'evil, garbage'), trusted)).toBe('10.1.2.3');
  });
});

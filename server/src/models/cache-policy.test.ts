// P0.2: caching policy α on the wire.
import { describe, expect, it } from 'vitest';
import { systemForWire } from './cache-policy';

describe('caching policy α', () => {
  it('sends a string system prompt as an uncached string', () => {
    expect(systemForWire('You are FlowPilot.')).toBe('You are FlowPilot.');
  });

  it('marks only the first block when the caller marked none', () => {
    expect(systemForWire([{ text: 'Instructions' }, { text: 'Session facts' }])).toEqual([
      { type: 'text', text: 'Instructions', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'Session facts' },
    ]);
  });

  it("sends the caller's marks unchanged and adds none", () => {
    expect(systemForWire([{ text: 'Instructions' }, { text: 'Playbooks', cache: { ttl: '1h' } }, { text: 'Facts' }])).toEqual([
      { type: 'text', text: 'Instructions' },
      { type: 'text', text: 'Playbooks', cache_control: { type: 'ephemeral', ttl: '1h' } },
      { type: 'text', text: 'Facts' },
    ]);
  });

  it('refuses more than four marks and a mark on an empty block', () => {
    expect(() => systemForWire(Array.from({ length: 5 }, (_, i) => ({ text: `b${i}`, cache: {} })))).toThrow(/at most 4/);
    expect(() => systemForWire([{ text: '' }, { text: 'x' }])).toThrow(/empty/);
  });
});

import { describe, expect, it } from 'vitest';
import { ConditionsError, matches, parseConditions } from './conditions';

const ticket = {
  id: 7,
  summary: 'Backup "Daily" failed',
  closedFlag: false,
  company: { id: 19300, name: 'Northwind' },
  _info: { lastUpdated: '2026-11-20T10:00:00Z' },
};
const test = (conditions: string) => matches(ticket, parseConditions(conditions), 'ticket');

describe('ConnectWise conditions', () => {
  it.each([
    ['id = 7', true],
    ['id != 7', false],
    ['company/id in (1, 19300)', true],
    ['company/id not in (19300)', false],
    ['summary like "backup%"', true],
    ['summary contains "DAILY"', true],
    ['summary = "Backup \\"Daily\\" failed"', true],
    ["closedFlag = false and (id < 5 or company/name = 'Northwind')", true],
    ['_info/lastUpdated > [2026-11-19T00:00:00Z]', true],
    ['company/name = null', false],
  ])('%s → %s', (conditions, expected) => {
    expect(test(conditions)).toBe(expected);
  });

  it.each(['id = ', 'id == 1', 'summary like', '(id = 1', 'id in 1, 2'])('rejects %s', (conditions) => {
    expect(() => parseConditions(conditions)).toThrow(ConditionsError);
  });

  it('rejects an unknown field when evaluated', () => {
    expect(() => test('nosuchfield = 1')).toThrow(/Cannot find field/);
  });
});

import { describe, expect, it } from 'vitest';
import { nextMappingState } from './psa-mapping-sync';

const mapped = (status: string) => ({ id: 'c1', psa_company_id: '174', psa_company_name: 'Northwind Traders', psa_mapping_status: status });

describe('nextMappingState (B1.4)', () => {
  it('keeps an unchanged company ok', () => {
    expect(nextMappingState(mapped('ok'), { id: '174', name: 'Northwind Traders', active: true }, 'autotask')).toMatchObject({
      psa_mapping_status: 'ok',
    });
  });
  it('copies a new name and flags it renamed', () => {
    expect(nextMappingState(mapped('ok'), { id: '174', name: 'Northwind Intl', active: true }, 'autotask')).toMatchObject({
      psa_company_name: 'Northwind Intl',
      psa_mapping_status: 'renamed',
      psa_sync_message: 'Renamed in Autotask from "Northwind Traders" to "Northwind Intl".',
    });
  });
  it('keeps a rename flagged until someone acknowledges it', () => {
    expect(nextMappingState(mapped('renamed'), { id: '174', name: 'Northwind Traders', active: true }, 'autotask').psa_mapping_status).toBe(
      'renamed',
    );
  });
  it('marks a company the PSA no longer returns missing, keeping the cached name', () => {
    expect(nextMappingState(mapped('ok'), undefined, 'connectwise')).toMatchObject({
      psa_mapping_status: 'missing',
      psa_company_name: 'Northwind Traders',
    });
  });
  it('marks an inactive company invalid', () => {
    expect(nextMappingState(mapped('ok'), { id: '174', name: 'Northwind Traders', active: false }, 'connectwise').psa_mapping_status).toBe(
      'invalid',
    );
  });
});

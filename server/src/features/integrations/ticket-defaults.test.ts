import { describe, expect, it } from 'vitest';
import type { PsaReferenceData } from '#src/psa/psa-provider';
import { checkTicketDefaults, suggestTicketDefaults } from './ticket-defaults';

const item = (id: string, name: string, active = true) => ({ id, name, active, isDefault: false });
const reference: PsaReferenceData = {
  queues: [item('1', 'Level I Support'), item('2', 'Helpdesk'), item('3', 'Old', false)],
  sources: [item('4', 'Email'), item('8', 'Monitoring Alert')],
  statuses: [
    { ...item('1', 'New'), isClosed: false },
    { ...item('5', 'Complete'), isClosed: true },
  ],
  priorities: [item('1', 'High'), item('2', 'Medium'), item('3', 'Low')],
};
const none = {
  queueId: null,
  sourceId: null,
  statusId: null,
  priorityWarningId: null,
  priorityErrorId: null,
  completedStatusId: null,
  pilotResolvedStatusId: null,
  pilotEscalatedStatusId: null,
  pilotEscalationQueueId: null,
  noteTypeId: null,
};

describe('ticket defaults (B4.4)', () => {
  it('suggests Helpdesk, Monitoring Alert, New, Medium / High and the closed status by name', () => {
    expect(suggestTicketDefaults('autotask', none, reference)).toEqual({
      queueId: '2',
      sourceId: '8',
      statusId: '1',
      priorityWarningId: '2',
      priorityErrorId: '1',
      completedStatusId: '5',
      // P6: FlowPilot resolves to the closed status; no open status here is named like an escalation.
      pilotResolvedStatusId: '5',
      pilotEscalatedStatusId: null,
      pilotEscalationQueueId: null,
      noteTypeId: null,
    });
  });
  it('suggests Task Notes for Autotask notes, or another internal type when the tenant deactivated it (issue 15)', () => {
    const types = (taskNotesActive: boolean) => [
      { id: '1', name: 'Task Summary', active: true, isDefault: false },
      { id: '2', name: 'Task Detail', active: true, isDefault: false },
      { id: '3', name: 'Task Notes', active: taskNotesActive, isDefault: false },
    ];
    expect(suggestTicketDefaults('autotask', none, { ...reference, noteTypes: types(true) }).noteTypeId).toBe('3');
    expect(suggestTicketDefaults('autotask', none, { ...reference, noteTypes: types(false) }).noteTypeId).toBe('2');
    expect(checkTicketDefaults('autotask', { ...none, noteTypeId: '3' }, { ...reference, noteTypes: types(false) })).toEqual([
      { path: 'noteTypeId', message: '"Task Notes" is inactive in the PSA' },
    ]);
  });
  it('never overrides a choice already made', () => {
    expect(suggestTicketDefaults('autotask', { ...none, queueId: '1' }, reference).queueId).toBe('1');
  });
  it('reports unknown, inactive and open-as-completed choices', () => {
    const errors = checkTicketDefaults('autotask', { ...none, queueId: '3', sourceId: '99', completedStatusId: '1' }, reference);
    expect(errors.map((e) => e.path)).toEqual(['queueId', 'sourceId', 'completedStatusId']);
  });
  it('requires every default when validating', () => {
    expect(checkTicketDefaults('autotask', none, reference, { requireAll: true })).toHaveLength(6);
  });

  describe('escalation routing (issue 17)', () => {
    const board = (id: string, statuses: [string, string, boolean][]) => ({
      ...reference,
      queues: [item('1', 'Help Desk'), item('4', 'Tier 2 Support')],
      boardId: id,
      escalationStatuses: statuses.map(([sid, name, isClosed]) => ({ ...item(sid, name), isClosed })),
    });
    const cw = board('1', [
      ['19', 'New', false],
      ['21', 'Escalated', false],
      ['23', 'Completed', true],
    ]);
    it("suggests the escalation board's own Escalated status, never a queue", () => {
      const suggested = suggestTicketDefaults('connectwise', { ...none, queueId: '1', pilotEscalationQueueId: '4' }, cw);
      expect(suggested).toMatchObject({ pilotEscalationQueueId: '4', pilotEscalatedStatusId: '21' });
      expect(suggestTicketDefaults('connectwise', { ...none, queueId: '1' }, cw).pilotEscalationQueueId).toBeNull();
    });
    it('refuses a status of another board, and a queue without the status to set there', () => {
      const helpDeskStatus = checkTicketDefaults('connectwise', { ...none, pilotEscalationQueueId: '4', pilotEscalatedStatusId: '1' }, cw);
      expect(helpDeskStatus.map((e) => e.path)).toEqual(['pilotEscalatedStatusId']);
      const noStatus = checkTicketDefaults('autotask', { ...none, pilotEscalationQueueId: '2' }, reference);
      expect(noStatus).toEqual([{ path: 'pilotEscalatedStatusId', message: 'Pick the status Escalate sets in that queue' }]);
      expect(checkTicketDefaults('autotask', { ...none, pilotEscalationQueueId: '9', pilotEscalatedStatusId: '1' }, reference)).toEqual([
        expect.objectContaining({ path: 'pilotEscalationQueueId' }),
      ]);
    });
  });
});

// B3 overrides: which runs an override treats as success.
import { describe, expect, it } from 'vitest';
import { findCoveringOverride, type OverrideRule, problemsOf, type RunToCheck, textMatches } from './override-matching';

const JOB = 'job-1';
const rule = (over: Partial<OverrideRule>): OverrideRule => ({
  id: 'o1',
  level: 'job',
  jobId: JOB,
  objectName: null,
  statuses: [],
  matchText: null,
  matchMode: 'contains',
  validFrom: null,
  validUntil: null,
  ...over,
});
const run = (over: Partial<RunToCheck>): RunToCheck => ({
  jobId: JOB,
  status: 'warning',
  runAt: new Date('2026-11-20T02:00:00Z'),
  remark: '',
  objects: [],
  ...over,
});
const hv01Warning = { name: 'HV01', status: 'warning', messages: ['Changed block tracking is disabled.'] };
const usbError = { name: 'USB Disk', status: 'error', messages: ['Target not reachable'] };

describe('text matching', () => {
  it.each([
    ['contains', 'block tracking', true],
    ['contains', 'BLOCK   TRACKING', true],
    ['exact', 'changed block tracking is disabled.', true],
    ['exact', 'changed block tracking', false],
    ['starts_with', 'Changed block', true],
    ['starts_with', 'block', false],
    ['ends_with', 'is disabled.', true],
    ['ends_with', 'Changed', false],
  ] as const)('%s "%s" → %s', (mode, pattern, expected) => {
    expect(textMatches(mode, pattern, 'Changed block tracking is disabled.')).toBe(expected);
  });
});

describe('problems of a run', () => {
  it('are its unsuccessful objects, or the run itself when no object failed', () => {
    expect(problemsOf(run({ status: 'success' }))).toEqual([]);
    expect(problemsOf(run({ status: 'missed', remark: 'No run by 02:00' }))).toEqual([
      { objectName: null, status: 'missed', texts: ['No run by 02:00'] },
    ]);
    expect(problemsOf(run({ objects: [hv01Warning, { name: 'DC01', status: 'success', messages: [] }] }))).toEqual([
      { objectName: 'HV01', status: 'warning', texts: hv01Warning.messages },
    ]);
  });
});

describe('an override', () => {
  it('treats a matching warning of one object as success', () => {
    const o = rule({ level: 'object', objectName: 'hv01', statuses: ['warning'], matchText: 'block tracking' });
    expect(findCoveringOverride(run({ objects: [hv01Warning] }), [o])).toBe(o);
  });

  it('never hides a second object that really failed', () => {
    const o = rule({ level: 'object', objectName: 'HV01', matchText: 'block tracking' });
    expect(findCoveringOverride(run({ status: 'error', objects: [hv01Warning, usbError] }), [o])).toBeNull();
    const usb = rule({ id: 'o2', level: 'object', objectName: 'USB Disk', statuses: ['error'] });
    expect(findCoveringOverride(run({ status: 'error', objects: [hv01Warning, usbError] }), [o, usb])).toBe(o);
  });

  it('matches only its statuses, its job and its window', () => {
    const warningsOnly = rule({ statuses: ['warning'] });
    expect(findCoveringOverride(run({ objects: [usbError], status: 'error' }), [warningsOnly])).toBeNull();
    expect(findCoveringOverride(run({ jobId: 'other-job', objects: [hv01Warning] }), [warningsOnly])).toBeNull();
    const window = rule({ validFrom: new Date('2026-11-21T00:00:00Z'), validUntil: new Date('2026-11-22T00:00:00Z') });
    expect(findCoveringOverride(run({ objects: [hv01Warning] }), [window])).toBeNull();
    expect(findCoveringOverride(run({ objects: [hv01Warning], runAt: new Date('2026-11-21T02:00:00Z') }), [window])).toBe(window);
    expect(findCoveringOverride(run({ objects: [hv01Warning], runAt: new Date('2026-11-22T00:00:00Z') }), [window])).toBeNull();
  });

  it('at global level covers every job; run-level problems match on the remark', () => {
    const maintenance = rule({ level: 'global', jobId: null, statuses: ['missed'], matchText: 'no run' });
    expect(findCoveringOverride(run({ jobId: 'any', status: 'missed', remark: 'No run by 02:00' }), [maintenance])).toBe(maintenance);
    expect(findCoveringOverride(run({ status: 'missed', remark: 'Late' }), [maintenance])).toBeNull();
  });

  it('needs its text to match when it has one', () => {
    const o = rule({ matchText: 'Target not reachable', matchMode: 'exact' });
    expect(findCoveringOverride(run({ status: 'error', objects: [usbError] }), [o])).toBe(o);
    expect(findCoveringOverride(run({ status: 'error', objects: [{ ...usbError, messages: ['Disk full'] }] }), [o])).toBeNull();
  });
});

// P2.2: stable ids for task-lane items, legacy items upgraded on load.
import { describe, expect, it } from 'vitest';
import { addToTaskLane, upgradeTaskLane } from './task-lane';

describe('the task lane', () => {
  it('gives legacy items an id once and keeps existing ids', () => {
    const legacy = { questions: [{ text: 'Since when?' }], checks: [{ title: 'Ping the gateway', command: 'ping 10.0.0.1' }] };
    const { lane, upgraded } = upgradeTaskLane(legacy);
    expect(upgraded).toBe(true);
    expect(lane.questions[0]).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), text: 'Since when?', status: 'open' });
    const again = upgradeTaskLane(lane);
    expect(again.upgraded).toBe(false);
    expect(again.lane.questions[0]?.id).toBe(lane.questions[0]?.id);
    expect(again.lane.checks[0]?.id).toBe(lane.checks[0]?.id);
  });

  it('adds new questions and checks with fresh ids, skipping repeats', () => {
    const { lane } = upgradeTaskLane({});
    const once = addToTaskLane(lane, { questions: ['Which site?'], checks: [{ title: 'List credentials', command: null }] });
    const twice = addToTaskLane(once, {
      questions: ['which  site?', 'Since when?'],
      checks: [{ title: 'List credentials', command: 'x' }],
    });
    expect(twice.questions.map((q) => q.text)).toEqual(['Which site?', 'Since when?']);
    expect(twice.checks).toHaveLength(1);
    expect(new Set([...twice.questions, ...twice.checks].map((i) => i.id)).size).toBe(3);
  });

  it('starts empty from nothing or from a broken value', () => {
    expect(upgradeTaskLane(null).lane).toEqual({ questions: [], checks: [], actions: [] });
    expect(upgradeTaskLane('garbage')).toMatchObject({ lane: { questions: [] }, upgraded: true });
  });
});

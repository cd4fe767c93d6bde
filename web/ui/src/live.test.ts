import { describe, expect, test } from 'vitest';
import { staleParts, type Change } from './live';

const at = '2026-12-06T04:00:00Z';
const c = (kind: Change['kind'], type: Change['type'], id: string | null = 'x'): Change => ({ kind, type, id, at });

describe('staleParts', () => {
  test.each([
    { what: 'a service changed: the coverage matrix', changes: [c('UPDATED', 'SERVICE')], view: 'coverage', actor: null, want: { view: true, panel: false, places: false } },
    { what: 'a service changed: not the brokers', changes: [c('UPDATED', 'SERVICE')], view: 'brokers', actor: null, want: { view: false, panel: false, places: false } },
    { what: 'the actor shown changed: its panel', changes: [c('UPDATED', 'ACTOR', 'act_a')], view: 'overlaps', actor: 'act_a', want: { view: true, panel: true, places: false } },
    { what: 'another actor changed: not the panel', changes: [c('UPDATED', 'ACTOR', 'act_b')], view: 'coverage', actor: 'act_a', want: { view: true, panel: false, places: false } },
    { what: 'a role changed: the panel, not the network', changes: [c('CREATED', 'ROLE')], view: 'network', actor: 'act_a', want: { view: false, panel: true, places: false } },
    { what: 'a new quarter: the places', changes: [c('CREATED', 'NEIGHBOURHOOD')], view: 'brokers', actor: null, want: { view: false, panel: false, places: true } },
    { what: 'unknown: everything', changes: [c('UPDATED', 'TOPIC'), c('UNKNOWN', null, null)], view: 'brokers', actor: 'act_a', want: { view: true, panel: true, places: true } },
    { what: 'a funding ended: the ending report', changes: [c('UPDATED', 'COOPERATION')], view: 'ending', actor: null, want: { view: true, panel: false, places: false } },
    { what: 'a need changed: not the change report', changes: [c('UPDATED', 'NEED')], view: 'changes', actor: null, want: { view: false, panel: false, places: false } },
    { what: 'a service changed: not the export page', changes: [c('UPDATED', 'SERVICE')], view: 'exports', actor: null, want: { view: false, panel: false, places: false } },
    { what: 'the stale list shows every type', changes: [c('DELETED', 'MEMBERSHIP')], view: 'stale', actor: null, want: { view: true, panel: false, places: false } },
  ])('$what', ({ changes, view, actor, want }) => {
    expect(staleParts(changes, view, actor)).toEqual(want);
  });
});

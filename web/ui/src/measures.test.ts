import { describe, expect, test } from 'vitest';
import { cellClass, formatValue, grid, measureOf, MEASURES } from './measures';

const fmt = (n: number, d: number) => n.toFixed(d);

describe('measures', () => {
  test('the URL names a measure, or the default (per 1 000 residents)', () => {
    expect(measureOf('PROVIDERS')).toBe('PROVIDERS');
    expect(measureOf(null)).toBe('SERVICES_PER_1000');
    expect(measureOf('DROP TABLE')).toBe('SERVICES_PER_1000');
    expect(MEASURES).toContain('UNCOVERED_NEEDS');
  });
  test.each([
    [{ needs: 2, uncoveredNeeds: 1, thinNeeds: 1 }, 'gap'],
    [{ needs: 2, uncoveredNeeds: 0, thinNeeds: 1 }, 'thin'],
    [{ needs: 2, uncoveredNeeds: 0, thinNeeds: 0 }, 'covered'],
    [{ needs: 0, uncoveredNeeds: 0, thinNeeds: 0 }, 'none'],
    [{ needs: null, uncoveredNeeds: null, thinNeeds: null }, 'none'],
  ])('class of %o is %s', (t, want) => {
    expect(cellClass(t)).toBe(want);
  });
  test('grid places cells by row and column, missing ones null', () => {
    const g = grid(2, 3, [{ row: 0, column: 2, v: 'a' }, { row: 1, column: 0, v: 'b' }, { row: 5, column: 0, v: 'out' }]);
    expect(g.map((r) => r.map((c) => c?.v ?? null))).toEqual([[null, null, 'a'], ['b', null, null]]);
  });
  test('values: per 1 000 with two decimals, counts whole, unknown as a dash', () => {
    expect(formatValue(0.456, 'SERVICES_PER_1000', fmt)).toBe('0.46');
    expect(formatValue(3, 'SERVICES', fmt)).toBe('3');
    expect(formatValue(null, 'SERVICES_PER_1000', fmt)).toBe('–');
  });
});

// The coverage matrix of the API (`coverage(rows:, columns:, measure:)`)
// as a grid: which measure a cell shows, how it reads, and its class
// (a gap, thinly covered, covered). Pure functions: measures.test.ts.
import type { CoverageMeasure } from './gql/graphql';

export type { CoverageMeasure };

/** The measures the coverage view offers, the default first. */
export const MEASURES: CoverageMeasure[] = ['SERVICES_PER_1000', 'SERVICES', 'PROVIDERS', 'NEEDS', 'UNCOVERED_NEEDS'];

/** The measure a URL parameter names, or the default. */
export function measureOf(param: string | null): CoverageMeasure {
  return MEASURES.find((m) => m === param) ?? MEASURES[0];
}

/** What a cell's tally holds that the grid reads. */
export interface Tally {
  value?: number | null;
  needs?: number | null;
  uncoveredNeeds?: number | null;
  thinNeeds?: number | null;
}

/** A cell of the grid: a gap (an uncovered need), thinly covered (a THIN need), covered (needs, all covered), or without needs. */
export type CellClass = 'gap' | 'thin' | 'covered' | 'none';

export function cellClass(t: Tally): CellClass {
  if ((t.uncoveredNeeds ?? 0) > 0) return 'gap';
  if ((t.thinNeeds ?? 0) > 0) return 'thin';
  if ((t.needs ?? 0) > 0) return 'covered';
  return 'none';
}

/** The cells row by row as a grid of rows × columns; a missing cell is null. */
export function grid<T extends { row: number; column: number }>(rows: number, columns: number, cells: T[]): (T | null)[][] {
  const g: (T | null)[][] = Array.from({ length: rows }, () => Array<T | null>(columns).fill(null));
  for (const c of cells) if (c.row >= 0 && c.row < rows && c.column >= 0 && c.column < columns) g[c.row][c.column] = c;
  return g;
}

/** A value as the cell shows it: per 1 000 with two decimals, counts whole; null (unknown population) as "–". */
export function formatValue(value: number | null | undefined, measure: CoverageMeasure, fmt: (n: number, digits: number) => string): string {
  if (value == null) return '–';
  return fmt(value, measure === 'SERVICES_PER_1000' ? 2 : 0);
}

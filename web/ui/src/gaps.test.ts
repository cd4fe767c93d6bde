import { describe, expect, test } from 'vitest';
import { MAX_PAGES, PAGE, uncoveredPerNeighbourhood, type NeedsPage } from './gaps';

/** needs as the API would page them, PAGE at a time, with cursors "c1", "c2", … */
function pager(needs: NeedsPage['needs']) {
  const asked: (string | null)[] = [];
  const page = async (after: string | null): Promise<NeedsPage> => {
    asked.push(after);
    const from = after ? Number(after.slice(1)) * PAGE : 0;
    const hasNextPage = from + PAGE < needs.length;
    return { needs: needs.slice(from, from + PAGE), hasNextPage, endCursor: hasNextPage ? `c${from / PAGE + 1}` : null };
  };
  return { page, asked };
}

describe('uncoveredPerNeighbourhood', () => {
  test('fewer gaps than a page: counted from the gaps, no needs read', async () => {
    const { page, asked } = pager([]);
    const m = await uncoveredPerNeighbourhood(async () => ['nbh_a', 'nbh_b', 'nbh_a'], page);
    expect(m).toEqual(new Map([['nbh_a', 2], ['nbh_b', 1]]));
    expect(asked).toEqual([]);
  });

  test('a full page of gaps: every page of needs is read and the uncovered ones counted', async () => {
    // 250 needs over three pages: 130 uncovered in nbh_a, 1 in nbh_b, the rest covered.
    const needs = [
      ...Array.from({ length: 130 }, () => ({ neighbourhood: 'nbh_a', covering: 0 })),
      ...Array.from({ length: 119 }, (_, i) => ({ neighbourhood: i % 2 ? 'nbh_a' : 'nbh_b', covering: 1 + (i % 3) })),
      { neighbourhood: 'nbh_b', covering: 0 },
    ];
    const { page, asked } = pager(needs);
    const m = await uncoveredPerNeighbourhood(async () => Array(PAGE).fill('nbh_a'), page);
    expect(m).toEqual(new Map([['nbh_a', 130], ['nbh_b', 1]]));
    expect(asked).toEqual([null, 'c1', 'c2']);
  });

  test('exactly a page of gaps and no more: the needs say so', async () => {
    const { page, asked } = pager(Array.from({ length: PAGE }, () => ({ neighbourhood: 'nbh_a', covering: 0 })));
    const m = await uncoveredPerNeighbourhood(async () => Array(PAGE).fill('nbh_a'), page);
    expect(m).toEqual(new Map([['nbh_a', PAGE]]));
    expect(asked).toEqual([null]);
  });

  test('a refusal of gaps (the public) is passed on and reads no needs', async () => {
    const { page, asked } = pager([]);
    await expect(uncoveredPerNeighbourhood(async () => { throw new Error('FORBIDDEN'); }, page)).rejects.toThrow('FORBIDDEN');
    expect(asked).toEqual([]);
  });

  test('a cursor that never ends stops after MAX_PAGES pages', async () => {
    let pages = 0;
    const endless = async (): Promise<NeedsPage> => { pages++; return { needs: [], hasNextPage: true, endCursor: 'again' }; };
    await expect(uncoveredPerNeighbourhood(async () => Array(PAGE).fill('x'), endless)).rejects.toThrow(`more than ${MAX_PAGES} pages`);
    expect(pages).toBe(MAX_PAGES);
  });
});

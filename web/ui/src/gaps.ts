// Uncovered needs per neighbourhood, right for any number of them. The
// API's `gaps` returns at most 100 (its `first` is 1 to 100, without a
// cursor): fine for a district with fewer, too few for one with more.
// So a full page of gaps means "maybe more", and then the needs of the
// scope are read page by page (`needs(first: 100, after:)`), counting
// those without a covering service: the schema's definition of a gap
// ("coveringServices: … Empty means the need is a gap"), the rule `gaps`
// applies too. No DOM, no client: the paging is unit-tested in gaps.test.ts.

/** The API's largest page of gaps and needs. */
export const PAGE = 100;

/** One page of needs: which neighbourhood each is in, how many services cover it, and the cursor. */
export interface NeedsPage {
  needs: { neighbourhood: string; covering: number }[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** How many pages of needs are read at most (100 000 needs): a guard against a cursor that never ends. */
export const MAX_PAGES = 1000;

/**
 * Counts uncovered needs per neighbourhood id. gaps is the first page of
 * `gaps(first: PAGE)` as the neighbourhood id of each (it throws when the
 * caller may not see gaps: then nothing else is asked); needsPage reads
 * the page of needs after a cursor (null: the first).
 */
export async function uncoveredPerNeighbourhood(
  gaps: () => Promise<string[]>,
  needsPage: (after: string | null) => Promise<NeedsPage>,
): Promise<Map<string, number>> {
  const count = new Map<string, number>();
  const add = (id: string) => count.set(id, (count.get(id) ?? 0) + 1);
  const first = await gaps();
  if (first.length < PAGE) {
    first.forEach(add);
    return count;
  }
  let after: string | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const p = await needsPage(after);
    for (const n of p.needs) if (n.covering === 0) add(n.neighbourhood);
    if (!p.hasNextPage || !p.endCursor) return count;
    after = p.endCursor;
  }
  throw new Error(`more than ${MAX_PAGES} pages of needs`);
}

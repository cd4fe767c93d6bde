// Live refresh: the page subscribes to `changes` and, when records change
// that the current view or the open actor panel shows, fetches that part
// again, without a reload. Changes arrive for records the caller may read
// only; UNKNOWN (an import, a write past kiezgraph) refreshes everything.
import { client } from './api/client';
import { ChangesSubscription } from './api/queries';
import type { ChangesSubscription as ChangesData } from './gql/graphql';

export type Change = ChangesData['changes'];
type RecordType = NonNullable<Change['type']>;

/** The record types each view shows ('' is the home page). */
const viewTypes: Record<string, RecordType[] | 'all'> = {
  '': ['NEIGHBOURHOOD'],
  network: ['ACTOR', 'COOPERATION', 'EVENT', 'NEIGHBOURHOOD'],
  coverage: ['SERVICE', 'NEED', 'ACTOR', 'NEIGHBOURHOOD', 'TARGET_GROUP', 'TOPIC'],
  gaps: ['NEED', 'SERVICE', 'ACTOR', 'COOPERATION', 'NEIGHBOURHOOD', 'TARGET_GROUP', 'TOPIC'],
  brokers: ['ACTOR', 'COOPERATION', 'EVENT'],
  overlaps: ['SERVICE', 'ACTOR', 'COOPERATION'],
  stale: 'all',
  map: ['NEIGHBOURHOOD', 'NEED', 'SERVICE', 'ACTOR'],
  conference: 'all',
  // The reports read the validity of these records (and the scope's places).
  ending: ['ACTOR', 'SERVICE', 'COOPERATION', 'MEMBERSHIP', 'ROLE', 'PERSON', 'NETWORK', 'NEIGHBOURHOOD'],
  changes: ['ACTOR', 'SERVICE', 'COOPERATION', 'MEMBERSHIP', 'ROLE', 'PERSON', 'NETWORK', 'NEIGHBOURHOOD'],
  // Downloads are fetched when asked for: nothing on the page goes stale.
  exports: ['NEIGHBOURHOOD'],
};

/** What the actor panel shows besides the actor: its services, partners, people, networks, events and (in "what if") needs. */
const panelTypes: RecordType[] = ['SERVICE', 'COOPERATION', 'ROLE', 'PERSON', 'MEMBERSHIP', 'NETWORK', 'EVENT', 'NEED'];

/** What a batch of changes asks to fetch again. */
export interface Stale {
  view: boolean;
  panel: boolean;
  /** The cached places and vocabularies (ui.ts loadPlaces). */
  places: boolean;
}

/** Which parts of a page showing view (and the panel of actor, if any) the changes concern. */
export function staleParts(changes: Change[], view: string, actor: string | null): Stale {
  const types = viewTypes[view] ?? 'all';
  const out: Stale = { view: false, panel: false, places: false };
  for (const c of changes) {
    if (c.kind === 'UNKNOWN' || !c.type) return { view: true, panel: actor !== null, places: true };
    if (types === 'all' || types.includes(c.type)) out.view = true;
    if (actor !== null && ((c.type === 'ACTOR' && c.id === actor) || panelTypes.includes(c.type))) out.panel = true;
    if (c.type === 'NEIGHBOURHOOD' || c.type === 'TARGET_GROUP') out.places = true;
  }
  return out;
}

let stop: (() => void) | null = null;

/**
 * Subscribes to changes and hands them to apply in batches (changes that
 * arrive within wait ms of each other, so that an edit of five records
 * fetches once). Calling it again replaces the subscription, e.g. after
 * signing in with another token.
 */
export function startLive(apply: (changes: Change[]) => void, wait = 300): void {
  stopLive();
  let batch: Change[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sub = client.subscription(ChangesSubscription, {}).subscribe((res) => {
    if (!res.data) return;
    batch.push(res.data.changes);
    clearTimeout(timer);
    timer = setTimeout(() => { const b = batch; batch = []; apply(b); }, wait);
  });
  stop = () => { clearTimeout(timer); sub.unsubscribe(); };
}

/** Ends the subscription. */
export function stopLive(): void {
  stop?.();
  stop = null;
}

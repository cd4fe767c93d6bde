// Records as coordinators read them: a record's type in the user's
// language, a readable name built from what the API returns (for a role
// the person, the title and the actor; for a membership the actor and the
// network), the actor it concerns, and the flat lists of the "ending soon"
// and "what changed" reports. Pure functions of their arguments (no DOM,
// no session): unit-tested in records.test.ts.
import type { Lang } from './i18n';
import type { RecordType, RecordChangesFieldsFragment } from './gql/graphql';

export type { RecordType };

const typeLabels: Record<Lang, Record<RecordType, string>> = {
  de: {
    ACTOR: 'Akteur', SERVICE: 'Angebot', NEED: 'Bedarf', PERSON: 'Person', ROLE: 'Rolle', COOPERATION: 'Kooperation',
    MEMBERSHIP: 'Mitgliedschaft', NETWORK: 'Netzwerk', EVENT: 'Veranstaltung', NEIGHBOURHOOD: 'Gebiet',
    TARGET_GROUP: 'Zielgruppe', TOPIC: 'Handlungsfeld',
  },
  en: {
    ACTOR: 'Actor', SERVICE: 'Service', NEED: 'Need', PERSON: 'Person', ROLE: 'Role', COOPERATION: 'Cooperation',
    MEMBERSHIP: 'Membership', NETWORK: 'Network', EVENT: 'Event', NEIGHBOURHOOD: 'Area',
    TARGET_GROUP: 'Target group', TOPIC: 'Topic',
  },
};

/** A record type's name in lang. */
export function recordTypeLabel(type: RecordType, lang: Lang): string {
  return typeLabels[lang][type] ?? type;
}

/** An actor to link to. */
export interface ActorRef { id: string; name: string }

/**
 * A readable name: text and actors (links) in reading order, and the
 * actor the record concerns (where its panel opens), if any.
 */
export interface Summary {
  parts: (string | ActorRef)[];
  actor: ActorRef | null;
}

type Term = { labelDe: string; labelEn: string };
const term = (x: Term, lang: Lang) => (lang === 'en' ? x.labelEn : x.labelDe);

/** The fields of a record that its summary reads; any record of the API's record lists fits. */
export type RecordLike =
  | { __typename?: 'Organisation' | 'Institution'; id: string; name: string }
  | { __typename?: 'Service'; name: string; provider: ActorRef }
  | { __typename?: 'Cooperation'; kind: string; from: ActorRef; to: ActorRef }
  | { __typename?: 'Role'; title: string; person: { name: string }; actor: ActorRef }
  | { __typename?: 'Membership'; role?: string | null; actor: ActorRef; network: { name: string } }
  | { __typename?: 'Person'; name: string; roles: { edges: { node: { actor: ActorRef } }[] } }
  | { __typename?: 'Need'; neighbourhood: { name: string }; targetGroup: Term; topic: Term }
  | { __typename?: 'Event'; name: string; organiser?: ActorRef | null }
  | { __typename?: 'Neighbourhood' | 'Network' | 'TargetGroup' | 'Topic'; name?: string };

/**
 * The readable name of a record. kindLabel names a cooperation kind in
 * the user's language. A role reads "person – title – actor" (the person
 * as the API shows them to the caller), a membership "actor – network".
 */
export function summarize(r: RecordLike, lang: Lang, kindLabel: (kind: string) => string): Summary {
  switch (r.__typename) {
    case 'Organisation': case 'Institution':
      return { parts: [{ id: r.id, name: r.name }], actor: { id: r.id, name: r.name } };
    case 'Service':
      return { parts: [`${r.name} – `, r.provider], actor: r.provider };
    case 'Cooperation':
      return { parts: [r.from, ` – ${kindLabel(r.kind)} – `, r.to], actor: r.from };
    case 'Role':
      return { parts: [`${r.person.name} – ${r.title} – `, r.actor], actor: r.actor };
    case 'Membership':
      return { parts: [r.actor, ` – ${r.network.name}${r.role ? ` (${r.role})` : ''}`], actor: r.actor };
    case 'Person': {
      const a = r.roles.edges[0]?.node.actor ?? null;
      return { parts: a ? [`${r.name} – `, a] : [r.name], actor: a };
    }
    case 'Need':
      return { parts: [`${r.neighbourhood.name}: ${term(r.targetGroup, lang)} – ${term(r.topic, lang)}`], actor: null };
    case 'Event':
      return r.organiser ? { parts: [`${r.name} – `, r.organiser], actor: r.organiser } : { parts: [r.name], actor: null };
    default:
      return { parts: [('name' in r && r.name) || ''], actor: null };
  }
}

/** The summary as plain text (for titles and tests). */
export function summaryText(s: Summary): string {
  return s.parts.map((p) => (typeof p === 'string' ? p : p.name)).join('');
}

/** One record of an ending or change report. */
export interface ReportRow {
  type: RecordType;
  /** The day it ends (ending, ended) or begins (began). */
  day: string | null;
  summary: Summary;
  /** A cooperation of kind FUNDING: a funding that ends stops more than itself. */
  funding: boolean;
}

/**
 * The records of a report as one list, in the order the API ranks what
 * matters: cooperations (fundings first, as the API sorts them), then
 * services, memberships, actors and roles, each kind in the API's order
 * (soonest first). day picks validTo (ending, ended) or validFrom (began).
 */
export function reportRows(c: RecordChangesFieldsFragment, day: 'validFrom' | 'validTo', lang: Lang, kindLabel: (kind: string) => string): ReportRow[] {
  const row = (type: RecordType, r: RecordLike & { validFrom?: string | null; validTo?: string | null }, funding = false): ReportRow =>
    ({ type, day: r[day] ?? null, summary: summarize(r, lang, kindLabel), funding });
  return [
    ...c.cooperations.edges.map(({ node: x }) => row('COOPERATION', { ...x, __typename: 'Cooperation' }, x.kind === 'FUNDING')),
    ...c.services.edges.map(({ node: x }) => row('SERVICE', { ...x, __typename: 'Service' })),
    ...c.memberships.edges.map(({ node: x }) => row('MEMBERSHIP', { ...x, __typename: 'Membership' })),
    ...c.actors.edges.map(({ node: x }) => row('ACTOR', { ...x, __typename: 'Organisation' })),
    ...c.roles.edges.map(({ node: x }) => row('ROLE', { ...x, __typename: 'Role' })),
  ];
}

/** How many a report holds that its lists leave out (each list is its connection's first page). */
export function leftOut(c: RecordChangesFieldsFragment): number {
  const shown = c.actors.edges.length + c.services.edges.length + c.cooperations.edges.length + c.memberships.edges.length + c.roles.edges.length;
  return Math.max(0, c.totals.all - shown);
}

/** The windows the "ending soon" view offers (ISO 8601 durations, as `ending(within:)` takes them). */
export const WINDOWS = ['P30D', 'P90D', 'P6M', 'P1Y'] as const;

/** A window in words, e.g. P90D → "90 Tage", P1Y6M → "1 Jahr 6 Monate"; what is no window stays as it is (the API says why). */
export function windowLabel(s: string, lang: Lang): string {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(s);
  if (!m || s === 'P') return s;
  const words: Record<Lang, [string, string][]> = {
    de: [['Jahr', 'Jahre'], ['Monat', 'Monate'], ['Woche', 'Wochen'], ['Tag', 'Tage']],
    en: [['year', 'years'], ['month', 'months'], ['week', 'weeks'], ['day', 'days']],
  };
  return m.slice(1).map((v, i) => (v === undefined ? '' : `${Number(v)} ${words[lang][i][Number(v) === 1 ? 0 : 1]}`)).filter(Boolean).join(' ');
}

/**
 * The file name of a download from its Content-Disposition header
 * (RFC 6266: filename*=UTF-8''… preferred over filename="…"), or fallback.
 * Only the last path segment is kept, so that a name cannot climb folders.
 */
export function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  let name = '';
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (star) {
    try { name = decodeURIComponent(star[2].trim()); } catch { name = ''; }
  }
  if (!name) {
    const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(disposition);
    if (plain) name = plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1].trim();
  }
  name = name.split(/[\\/]/).pop()!.trim();
  return name && name !== '.' && name !== '..' ? name : fallback;
}

/** The graph formats of `/export/{format}` and the file extension each has. */
export const GRAPH_FORMATS: Record<string, string> = {
  gexf: 'gexf', graphml: 'graphml', csv: 'zip', cytoscape: 'cyjs', geojson: 'geojson', hsds: 'json',
};
/** The root lists of `/export/lists/{list}.{csv|xlsx}`. */
export const LISTS = ['actors', 'people', 'services', 'needs', 'cooperations', 'networks', 'events', 'neighbourhoods'] as const;

/** The lists' names in the user's language. */
export function listLabel(list: string, lang: Lang): string {
  const de: Record<string, string> = { actors: 'Akteure', people: 'Personen', services: 'Angebote', needs: 'Bedarfe', cooperations: 'Kooperationen', networks: 'Netzwerke', events: 'Veranstaltungen', neighbourhoods: 'Gebiete' };
  const en: Record<string, string> = { actors: 'Actors', people: 'People', services: 'Services', needs: 'Needs', cooperations: 'Cooperations', networks: 'Networks', events: 'Events', neighbourhoods: 'Areas' };
  return (lang === 'en' ? en : de)[list] ?? list;
}

/** The address of a graph export of scope (the whole city without) on asOf (today without). */
export function graphExportUrl(format: string, scope?: string, asOf?: string): string {
  const q = new URLSearchParams();
  if (scope) q.set('scope', scope);
  if (asOf) q.set('asOf', asOf);
  const s = q.toString();
  return `/export/${format}${s ? `?${s}` : ''}`;
}

/**
 * The address of a list export; the filter is the list's GraphQL filter
 * limited to scope: `neighbourhood` for the lists that take it,
 * `within` for neighbourhoods; people take no place.
 */
export function listExportUrl(list: string, ext: 'csv' | 'xlsx', scope?: string): string {
  let filter: Record<string, string> | null = null;
  if (scope && list === 'neighbourhoods') filter = { within: scope };
  else if (scope && list !== 'people') filter = { neighbourhood: scope };
  return `/export/lists/${list}.${ext}${filter ? `?${new URLSearchParams({ filter: JSON.stringify(filter) })}` : ''}`;
}

/** A weekly opening as text: "Mo, Di 09:00–12:00 (nur nach Vereinbarung)"; dayLabel names a weekday. */
export function openingText(o: { days: string[]; opens: string; closes: string; note?: string | null }, dayLabel: (d: string) => string): string {
  return `${o.days.map(dayLabel).join(', ')} ${o.opens}–${o.closes}${o.note ? ` (${o.note})` : ''}`;
}

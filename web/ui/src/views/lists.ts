// The lists coordinators work through: gaps with candidate providers,
// brokers sortable by every score, uncoordinated overlaps, stale records.
import { h, render } from '../dom';
import { t, te, label, fmtNum } from '../i18n';
import { query } from '../api/client';
import { BrokersQuery, GapsQuery, OverlapsQuery, StaleQuery } from '../api/queries';
import type { BrokersQuery as BrokersData, StaleQuery as StaleData } from '../gql/graphql';
import { actorLink, load, loadPlaces, scopePicker, today, yearsAgo } from '../ui';
import { currentRoute, setParams } from '../router';

function shell(root: HTMLElement, title: string, work: (scope: string | undefined) => Promise<Node | Node[]>, withScope = true): void {
  const r = currentRoute();
  const body = h('div', { class: 'view-body' });
  render(root, h('h1', {}, title), body);
  void load(body, async () => {
    const places = (await loadPlaces()).neighbourhoods.edges.map((e) => e.node);
    const scope = r.params.get('scope') ?? undefined;
    const out = await work(scope);
    return [withScope ? h('div', { class: 'controls' }, scopePicker(places, scope)) : h('div'), ...(Array.isArray(out) ? out : [out])];
  });
}

export function gapsView(root: HTMLElement): void {
  shell(root, t('navGaps'), async (scope) => {
    const d = await query(GapsQuery, { scope });
    return h('table', { id: 'gaps-table' },
      h('thead', {}, h('tr', {}, [t('quarter'), t('targetGroup'), t('topic'), t('severity'), t('population'), t('candidates')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, d.gaps.map((g) => h('tr', { 'data-need': g.need.id },
        h('td', {}, g.need.neighbourhood.name), h('td', {}, label(g.need.targetGroup)), h('td', {}, label(g.need.topic)),
        h('td', {}, te(g.need.severity)), h('td', { class: 'num' }, g.populationConcerned == null ? '–' : fmtNum(g.populationConcerned)),
        h('td', {}, g.candidates.length === 0 ? '–' : h('ul', { class: 'plain' }, g.candidates.map((c) => h('li', {},
          actorLink(c.provider), ` – ${c.service.name} (${t('distance')} ${c.placeDistance}${c.networkHops != null ? `, ${t('hops')} ${c.networkHops}` : ''})`))))))));
  });
}

type BrokerRow = BrokersData['brokers'][number];
const brokerCols: { key: string; label: () => string; value: (b: BrokerRow) => number | string }[] = [
  { key: 'name', label: () => t('name'), value: (b) => b.actor.name },
  { key: 'betweenness', label: () => t('betweenness'), value: (b) => b.betweenness },
  { key: 'degree', label: () => t('degree'), value: (b) => b.degree },
  { key: 'constraint', label: () => t('constraint'), value: (b) => b.constraint ?? Number.POSITIVE_INFINITY },
  { key: 'effectiveSize', label: () => t('effectiveSize'), value: (b) => b.effectiveSize ?? -1 },
  { key: 'roles', label: () => t('rolesTotal'), value: (b) => b.roles.total },
  { key: 'ap', label: () => t('articulationPoint'), value: (b) => (b.articulationPoint ? 1 : 0) },
];

export function brokersView(root: HTMLElement): void {
  const r = currentRoute();
  const sort = r.params.get('sort') ?? 'betweenness';
  const dir = r.params.get('dir') === 'asc' ? 'asc' : 'desc';
  shell(root, t('navBrokers'), async (scope) => {
    const d = await query(BrokersQuery, { network: { scope, asOf: today() }, first: 50 });
    const col = brokerCols.find((c) => c.key === sort) ?? brokerCols[1];
    const rows = [...d.brokers].sort((a, b) => {
      const x = col.value(a), y = col.value(b);
      const c = typeof x === 'string' ? x.localeCompare(String(y)) : (x as number) - (y as number);
      return dir === 'asc' ? c : -c;
    });
    return h('table', { id: 'brokers-table' },
      h('thead', {}, h('tr', {}, brokerCols.map((c) => h('th', { scope: 'col', 'aria-sort': c.key === sort ? (dir === 'asc' ? 'ascending' : 'descending') : 'none' },
        h('button', { type: 'button', class: 'sort', onclick: () => setParams({ sort: c.key, dir: c.key === sort && dir === 'desc' ? 'asc' : 'desc' }, true) },
          c.label(), c.key === sort ? (dir === 'asc' ? ' ▲' : ' ▼') : ''))))),
      h('tbody', {}, rows.map((b) => h('tr', { 'data-actor-row': b.actor.id },
        h('td', {}, actorLink(b.actor)), h('td', { class: 'num' }, fmtNum(b.betweenness, 3)), h('td', { class: 'num' }, b.degree),
        h('td', { class: 'num' }, b.constraint == null ? '–' : fmtNum(b.constraint, 3)),
        h('td', { class: 'num' }, b.effectiveSize == null ? '–' : fmtNum(b.effectiveSize, 1)),
        h('td', { class: 'num' }, b.roles.total),
        h('td', {}, b.articulationPoint ? `◆ ${t('yes')} (${b.splitSizes.join(' / ')})` : '–')))));
  });
}

export function overlapsView(root: HTMLElement): void {
  shell(root, t('navOverlaps'), async (scope) => {
    const d = await query(OverlapsQuery, { scope });
    return h('ul', { class: 'cards', id: 'overlaps-list' }, d.overlaps.map((o) => h('li', { class: o.uncoordinatedPairs > 0 ? 'card warn' : 'card' },
      h('h2', {}, `${o.neighbourhood.name}: ${label(o.targetGroup)} – ${label(o.topic)}`),
      h('p', {}, `${o.services.length} ${t('services')}: ${o.services.map((s) => s.name).join(', ')}`),
      h('p', {}, `${o.uncoordinatedPairs} ${t('uncoordinated')}`),
      h('ul', {}, o.pairs.map((p) => h('li', {}, actorLink(p.a), ' – ', actorLink(p.b), ': ', p.cooperate ? t('cooperate') : h('strong', {}, t('notCooperating'))))))));
  });
}

type StaleNode = StaleData['staleRecords']['edges'][number]['node'];
function staleName(n: StaleNode): Node | string {
  switch (n.__typename) {
    case 'Organisation': case 'Institution': return actorLink(n);
    case 'Service': return h('span', {}, `${n.name} – `, actorLink(n.provider));
    case 'Cooperation': return h('span', {}, actorLink(n.from), ` – ${te(n.kind)} – `, actorLink(n.to));
    case 'Need': return `${n.neighbourhood.name}: ${label(n.targetGroup)}`;
    case 'Neighbourhood': case 'Network': case 'Event': return n.name;
    default: return n.__typename ?? '';
  }
}

export function staleView(root: HTMLElement): void {
  const before = currentRoute().params.get('before') ?? yearsAgo(1);
  shell(root, t('navStale'), async () => {
    const d = await query(StaleQuery, { before });
    return [h('div', { class: 'controls' }, h('label', { class: 'field' }, h('span', {}, t('confirmedBefore')),
      h('input', { type: 'date', value: before, onchange: (e: Event) => setParams({ before: (e.target as HTMLInputElement).value || undefined }, true) }))),
    h('p', {}, `${d.staleRecords.totalCount}`),
    h('table', { id: 'stale-table' },
      h('thead', {}, h('tr', {}, [t('type'), t('name'), t('lastConfirmed')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, d.staleRecords.edges.map((e) => h('tr', {}, h('td', {}, e.node.__typename ?? ''), h('td', {}, staleName(e.node)),
        h('td', {}, e.node.lastConfirmed ?? t('never'))))))];
  }, false);
}

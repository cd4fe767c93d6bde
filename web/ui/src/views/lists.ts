// The lists coordinators work through: gaps with candidate providers,
// brokers sortable by every score, uncoordinated overlaps, stale records
// (each with its type in the user's language, a readable name, a link to
// the actor concerned, and for those who may write, the confirmation).
import { h, render } from '../dom';
import { t, te, label, fmtNum, currentLang } from '../i18n';
import { mutate, query } from '../api/client';
import { BrokersQuery, ConfirmRecordsMutation, GapsQuery, OverlapsQuery, StaleQuery } from '../api/queries';
import type { BrokersQuery as BrokersData, StaleQuery as StaleData } from '../gql/graphql';
import { actorLink, errorBox, load, loadPlaces, scopePicker, today, yearsAgo } from '../ui';
import { canEdit } from '../session';
import { recordTypeLabel, summarize, summaryText, type RecordLike, type Summary } from '../records';
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

type StaleEdge = StaleData['staleRecords']['edges'][number];

/** A summary's text with its actors as links to their panels. */
export function summaryNodes(sm: Summary): (Node | string)[] {
  return sm.parts.map((p) => (typeof p === 'string' ? p : actorLink(p)));
}

export function staleView(root: HTMLElement): void {
  const r = currentRoute();
  const before = r.params.get('before') ?? yearsAgo(1);
  const scope = r.params.get('scope') ?? undefined;
  shell(root, t('navStale'), async () => {
    const d = await query(StaleQuery, { before, scope });
    const writer = canEdit();
    const status = h('p', { role: 'status', id: 'confirm-status' });
    const boxes: HTMLInputElement[] = [];
    const row = (e: StaleEdge) => {
      const sm = summarize(e.node as RecordLike, currentLang(), te);
      const name = summaryText(sm);
      const box = writer ? h('input', { type: 'checkbox', value: e.id, 'aria-label': `${name} ${t('select')}` }) : null;
      if (box) boxes.push(box);
      return h('tr', { 'data-record': e.id, 'data-type': e.type },
        writer ? h('td', {}, box) : null,
        h('td', {}, recordTypeLabel(e.type, currentLang())), h('td', {}, summaryNodes(sm)),
        h('td', {}, e.node.lastConfirmed ?? t('never')));
    };
    const tbody = h('tbody', {}, d.staleRecords.edges.map(row));
    // The list comes a hundred at a time: "more" appends the next page.
    const moreButton = (info: StaleData['staleRecords']['pageInfo']): HTMLElement | null => (info.hasNextPage
      ? h('button', { type: 'button', id: 'stale-more', onclick: async (ev: Event) => {
        const btn = ev.currentTarget as HTMLButtonElement;
        btn.disabled = true;
        try {
          const next = await query(StaleQuery, { before, scope, after: info.endCursor });
          tbody.append(...next.staleRecords.edges.map(row));
          const again = moreButton(next.staleRecords.pageInfo);
          if (again) btn.replaceWith(again); else btn.remove();
          shownCount.textContent = String(tbody.rows.length);
        } catch (err) {
          btn.disabled = false;
          btn.after(errorBox(err));
        }
      } }, t('moreRecords'))
      : null);
    const shownCount = h('span', { id: 'stale-shown' }, String(d.staleRecords.edges.length));
    const confirm = writer ? h('div', { class: 'controls' },
      h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'stale-all', onchange: (ev: Event) => {
        for (const b of boxes) if (b.isConnected) b.checked = (ev.target as HTMLInputElement).checked;
      } }), ` ${t('selectAll')}`),
      h('button', { type: 'button', id: 'confirm-button', onclick: async () => {
        // Rows confirmed before have left the table (and the count).
        const ids = boxes.filter((b) => b.isConnected && b.checked).map((b) => b.value);
        if (ids.length === 0) return;
        render(status, t('loading'));
        try {
          const res = await mutate(ConfirmRecordsMutation, { ids });
          render(status, `${t('confirmedCount')}: ${res.confirmRecords.records.length} (${res.confirmRecords.on})`);
          // Confirmed records leave the list; the live refresh redraws it as well.
          for (const id of ids) root.querySelector(`tr[data-record="${CSS.escape(id)}"]`)?.remove();
        } catch (err) {
          render(status, errorBox(err));
        }
      } }, t('confirmSelected')), status) : null;
    const places = (await loadPlaces()).neighbourhoods.edges.map((e) => e.node);
    return [h('div', { class: 'controls' }, scopePicker(places, scope, { levels: ['DISTRICT', 'QUARTER'] }),
      h('label', { class: 'field' }, h('span', {}, t('confirmedBefore')),
        h('input', { type: 'date', id: 'stale-before', value: before, onchange: (e: Event) => setParams({ before: (e.target as HTMLInputElement).value || undefined }, true) }))),
    h('p', { id: 'stale-count', 'data-total': d.staleRecords.totalCount }, shownCount, ` ${t('of')} ${d.staleRecords.totalCount} ${t('recordsFound')}`),
    confirm ?? h('div'),
    h('table', { id: 'stale-table' },
      h('thead', {}, h('tr', {}, writer ? h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('select'))) : null,
        [t('type'), t('name'), t('lastConfirmed')].map((c) => h('th', { scope: 'col' }, c)))),
      tbody),
    moreButton(d.staleRecords.pageInfo) ?? h('div')];
  }, false);
}

// The district conference page: network figures and their change since a
// day, the sector mix and the coverage table, laid out for print.
import { h, render } from '../dom';
import { t, te, fmtNum } from '../i18n';
import { query } from '../api/client';
import { ConferenceQuery } from '../api/queries';
import { load, loadPlaces, scopePicker, districtsOf, today, yearsAgo } from '../ui';
import { currentRoute, setParams } from '../router';
import { coverageTable, loadNeeds } from './coverage';

type Stats = { actors: number; ties: number; density: number; components: number; isolates: number; averageDegree: number };

export function conferenceView(root: HTMLElement): void {
  const r = currentRoute();
  const since = r.params.get('since') ?? yearsAgo(1);
  const body = h('div', { class: 'view-body' });
  render(root, h('h1', {}, t('conferenceTitle')), body);
  void load(body, async () => {
    const pd = await loadPlaces();
    const places = pd.neighbourhoods.edges.map((e) => e.node);
    const scope = r.params.get('scope') ?? districtsOf(places)[0]?.id;
    const asOf = today();
    const [d, needs] = await Promise.all([query(ConferenceQuery, { network: { scope, asOf }, since, scope }), loadNeeds(scope, asOf)]);
    const s = d.networkStats;
    const rows: [string, (x: Stats) => number, number][] = [
      [t('actors'), (x) => x.actors, 0], [t('tiedPairs'), (x) => x.ties, 0], [t('density'), (x) => x.density, 3],
      [t('components'), (x) => x.components, 0], [t('isolates'), (x) => x.isolates, 0], [t('avgDegree'), (x) => x.averageDegree, 2],
    ];
    const sign = (v: number, digits: number) => (v > 0 ? '+' : '') + fmtNum(v, digits);
    const name = places.find((p) => p.id === scope)?.name ?? t('wholeCity');
    const sectors: [string, number][] = [['PUBLIC', d.pub.totalCount], ['NON_PROFIT', d.np.totalCount], ['PRIVATE', d.priv.totalCount], ['CIVIL_SOCIETY', d.civ.totalCount]];
    const total = sectors.reduce((a, [, n]) => a + n, 0);
    return [
      h('div', { class: 'controls no-print' }, scopePicker(places, scope, { levels: ['DISTRICT', 'QUARTER'] }),
        h('label', { class: 'field' }, h('span', {}, t('since')),
          h('input', { type: 'date', id: 'since', value: since, onchange: (e: Event) => setParams({ since: (e.target as HTMLInputElement).value || undefined }, true) })),
        h('button', { type: 'button', onclick: () => window.print() }, t('print'))),
      h('h2', {}, `${name} – ${asOf}`),
      h('section', {}, h('h3', {}, t('figures')),
        h('table', { id: 'figures' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('figure')), h('th', { scope: 'col' }, `${t('then')} (${s.previous?.asOf ?? since})`),
            h('th', { scope: 'col' }, `${t('now')} (${s.current.asOf})`), h('th', { scope: 'col' }, t('change')))),
          h('tbody', {}, rows.map(([label, f, digits]) => h('tr', {}, h('th', { scope: 'row' }, label),
            h('td', { class: 'num' }, s.previous ? fmtNum(f(s.previous), digits) : '–'), h('td', { class: 'num' }, fmtNum(f(s.current), digits)),
            h('td', { class: 'num' }, s.previous ? sign(f(s.current) - f(s.previous), digits) : '–')))))),
      h('section', {}, h('h3', {}, t('sectorMix')),
        h('table', { id: 'sector-mix' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('sector')), h('th', { scope: 'col' }, t('count')), h('th', { scope: 'col' }, '%'))),
          h('tbody', {}, sectors.map(([sec, n]) => h('tr', {}, h('th', { scope: 'row' }, te(sec)), h('td', { class: 'num' }, n),
            h('td', { class: 'num' }, total ? fmtNum((100 * n) / total, 0) : '–')))))),
      h('section', { class: 'page-break scroll' }, coverageTable(needs, places, pd.targetGroups, scope)),
    ];
  });
}

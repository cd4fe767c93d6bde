// The map. The schema has no geometry for neighbourhoods yet (the
// geography issue adds it), so this view says so and shows the hierarchy
// city > districts > quarters as tiles coloured by a monitoring indicator
// or by the number of uncovered needs.
import { h, render } from '../dom';
import { t, te, fmtNum } from '../i18n';
import { ApiError, query } from '../api/client';
import { IndicatorsQuery, UncoveredQuery } from '../api/queries';
import type { IndicatorsQuery as IndData } from '../gql/graphql';
import { load } from '../ui';
import { currentRoute, setParams } from '../router';

type Nbh = IndData['neighbourhoods']['edges'][number]['node'];

// A sequential scale from light to dark whose darker half carries white text (contrast ≥ 4.5).
const SCALE = ['#fff5eb', '#fdd0a2', '#fd8d3c', '#c6460a', '#7f2704'];

function colourOf(v: number | null, min: number, max: number): { bg: string; fg: string } {
  if (v === null) return { bg: '#eef0f2', fg: '#222' };
  const i = max > min ? Math.min(SCALE.length - 1, Math.floor(((v - min) / (max - min)) * SCALE.length)) : 2;
  return { bg: SCALE[i], fg: i >= 3 ? '#fff' : '#111' };
}

export function mapView(root: HTMLElement): void {
  const r = currentRoute();
  const by = r.params.get('by') ?? 'uncovered';
  const body = h('div', { class: 'view-body' });
  render(root, h('h1', {}, t('mapTitle')),
    h('p', { class: 'notice', id: 'no-geometry', role: 'note' }, t('mapNoGeometry')), body);
  void load(body, async () => {
    const d = await query(IndicatorsQuery, {});
    const all = d.neighbourhoods.edges.map((e) => e.node);
    let uncovered: Map<string, number> | null = null;
    try {
      const g = await query(UncoveredQuery, {});
      uncovered = new Map();
      for (const x of g.gaps) uncovered.set(x.need.neighbourhood.id, (uncovered.get(x.need.neighbourhood.id) ?? 0) + 1);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    const names = [...new Set(all.flatMap((n) => n.indicators.map((i) => i.name)))].sort();
    const valueOf = (n: Nbh): number | null => {
      if (by === 'uncovered') return uncovered ? uncovered.get(n.id) ?? 0 : null;
      const ind = n.indicators.filter((i) => i.name === by).sort((a, b) => b.year - a.year)[0];
      return ind ? ind.value : null;
    };
    const unitOf = (n: Nbh) => n.indicators.find((i) => i.name === by)?.unit ?? '';
    const quarters = all.filter((n) => n.level === 'QUARTER');
    const vals = quarters.map(valueOf).filter((v): v is number => v !== null);
    const min = Math.min(...vals), max = Math.max(...vals);
    const tile = (n: Nbh) => {
      const v = valueOf(n);
      const c = colourOf(v, min, max);
      return h('li', { class: 'tile', style: `background:${c.bg};color:${c.fg}`, 'data-nbh': n.id },
        h('strong', {}, n.name), n.quarterManagement ? h('span', { class: 'badge' }, 'QM') : null,
        h('span', {}, v === null ? t('noValue') : by === 'uncovered' ? `${t('uncoveredNeeds')}: ${fmtNum(v)}` : `${fmtNum(v, 1)} ${unitOf(n)}`));
    };
    const districts = all.filter((n) => n.level === 'DISTRICT');
    const select = h('select', { id: 'colour-by', onchange: (e: Event) => setParams({ by: (e.target as HTMLSelectElement).value }, true) },
      h('option', { value: 'uncovered', selected: by === 'uncovered' }, t('uncoveredNeeds')),
      names.map((n) => h('option', { value: n, selected: n === by }, n)));
    return [h('div', { class: 'controls' }, h('label', { class: 'field' }, h('span', {}, t('colourBy')), select)),
      h('div', { class: 'hierarchy', id: 'hierarchy' }, districts.map((d) => h('section', { class: 'district' },
        h('h2', {}, `${d.name} (${te(d.level)})`),
        h('ul', { class: 'tiles' }, quarters.filter((q) => q.parent?.id === d.id).map(tile))))),
      h('p', { class: 'meta' }, vals.length ? `${fmtNum(min, 1)} … ${fmtNum(max, 1)}` : '')];
  });
}

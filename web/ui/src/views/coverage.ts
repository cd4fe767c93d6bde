// Coverage matrix: quarters × target groups. A cell counts the needs of
// that group in that quarter and the services covering them; a need
// without any covering service is a gap and marks its cell.
import { h, render } from '../dom';
import { t, te, label, fmtNum, currentLang } from '../i18n';
import { query } from '../api/client';
import { CoverageMatrixQuery, CoverageQuery } from '../api/queries';
import type { CoverageQuery as CoverageData, CoverageMatrixQuery as MatrixData } from '../gql/graphql';
import { actorLink, errorBox, load, loadPlaces, scopePicker, today, type Place, type TargetGroupTerm } from '../ui';
import { currentRoute, setParams } from '../router';
import { MEASURES, cellClass, formatValue, grid, measureOf, type CellClass, type CoverageMeasure } from '../measures';

export type NeedRow = CoverageData['needs']['edges'][number]['node'];

export async function loadNeeds(scope: string | undefined, asOf: string): Promise<NeedRow[]> {
  const out: NeedRow[] = [];
  for (let after: string | null | undefined = undefined; ;) {
    const d: CoverageData = await query(CoverageQuery, { scope, asOf, after });
    out.push(...d.needs.edges.map((e) => e.node));
    if (!d.needs.pageInfo.hasNextPage) return out;
    after = d.needs.pageInfo.endCursor;
  }
}

export interface Cell { needs: NeedRow[]; gaps: number; services: Set<string> }

export function cells(needs: NeedRow[]): Map<string, Cell> {
  const m = new Map<string, Cell>();
  for (const n of needs) {
    const k = `${n.neighbourhood.id}|${n.targetGroup.id}`;
    const c = m.get(k) ?? { needs: [], gaps: 0, services: new Set<string>() };
    c.needs.push(n);
    if (n.coveringServices.length === 0) c.gaps++;
    for (const s of n.coveringServices) c.services.add(s.id);
    m.set(k, c);
  }
  return m;
}

/** The matrix; with interactive, each cell is a button that opens its needs and services. */
export function coverageTable(needs: NeedRow[], places: Place[], groups: TargetGroupTerm[], scope: string | undefined, open?: string): HTMLElement {
  const m = cells(needs);
  const rowIds = [...new Set(needs.map((n) => n.neighbourhood.id))];
  const rows = rowIds.map((id) => places.find((p) => p.id === id) ?? { id, name: needs.find((n) => n.neighbourhood.id === id)!.neighbourhood.name })
    .sort((a, b) => a.name.localeCompare(b.name));
  const cols = groups.filter((g) => needs.some((n) => n.targetGroup.id === g.id));
  void scope;
  // Below this width (a tablet) the matrix scrolls in its box rather than squeezing its cells.
  return h('table', { class: 'matrix', id: 'coverage-matrix', style: `min-width:${11 + 5.2 * cols.length}rem` },
    h('caption', {}, t('coverageTitle')),
    // The target groups' names run upwards (and wrap), so that a dozen
    // columns fit 1280 pixels; the full name is also the header's title.
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'corner' }, t('quarter')),
      cols.map((g) => h('th', { scope: 'col', class: 'group', title: label(g), 'data-group': g.id }, h('span', {}, label(g)))))),
    h('tbody', {}, rows.map((r) => h('tr', {},
      h('th', { scope: 'row' }, r.name),
      cols.map((g) => {
        const key = `${r.id}|${g.id}`;
        const c = m.get(key);
        if (!c) return h('td', { class: 'empty' }, '');
        const needsText = `${c.needs.length} ${t(c.needs.length === 1 ? 'needOne' : 'needMany')}`;
        const servicesText = `${c.services.size} ${t(c.services.size === 1 ? 'serviceOne' : 'serviceMany')}`;
        const text = `${needsText} · ${servicesText}`;
        const cls = c.gaps > 0 ? 'cell gap' : 'cell covered';
        return h('td', { class: cls, 'data-cell': key, 'data-gap': c.gaps > 0 ? 'true' : 'false' },
          h('button', { type: 'button', 'aria-expanded': open === key ? 'true' : 'false',
            'aria-label': `${r.name}, ${label(g)}: ${text}${c.gaps ? `, ${c.gaps} ${t('gap')}` : ''}`,
            onclick: () => setParams({ cell: open === key ? undefined : key }, true) },
          c.gaps > 0 ? h('span', { class: 'gap-mark' }, `⚠ ${t('gap')}`) : null, h('span', {}, needsText), h('span', {}, servicesText)));
      })))));
}

function cellDetails(needs: NeedRow[], key: string, groups: TargetGroupTerm[]): HTMLElement | null {
  const c = cells(needs).get(key);
  if (!c) return null;
  const g = groups.find((x) => x.id === key.split('|')[1]);
  return h('section', { class: 'cell-details', id: 'cell-details', 'aria-live': 'polite' },
    h('h2', {}, `${c.needs[0].neighbourhood.name} – ${g ? label(g) : ''}`),
    h('ul', {}, c.needs.map((n) => h('li', {},
      h('strong', {}, label(n.topic)), ` (${t('severity')}: ${te(n.severity)})`,
      n.description ? h('p', {}, n.description) : null,
      n.coveringServices.length === 0
        ? h('p', { class: 'gap-text' }, `⚠ ${t('gap')}`)
        : h('ul', {}, n.coveringServices.map((s) => h('li', {}, s.name, ' – ', actorLink(s.provider))))))));
}

type Matrix = MatrixData['coverage'];

/**
 * The API's coverage matrix (`coverage(rows: NEIGHBOURHOOD, columns:
 * TARGET_GROUP, measure:)`): each cell the measure chosen, classed as a
 * gap, thinly covered (fewer services per 1 000 residents concerned than
 * the API's threshold) or covered.
 */
export function measureTable(m: Matrix, measure: CoverageMeasure): HTMLElement {
  const g = grid(m.rows.length, m.columns.length, m.cells);
  const name = (l: { name: string; nameDe: string }) => (currentLang() === 'en' ? l.name : l.nameDe);
  const val = (v: number | null | undefined) => formatValue(v, measure, fmtNum);
  const mark: Record<CellClass, string> = { gap: `⚠ ${te('UNCOVERED')}`, thin: `◐ ${te('THIN')}`, covered: '', none: '' };
  return h('table', { class: 'matrix measures', id: 'measure-matrix', 'data-measure': measure, style: `min-width:${10 + 4.4 * (m.columns.length + 1)}rem` },
    h('caption', {}, `${t('measureTitle')}: ${te(measure)}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'corner' }, t('quarter')),
      m.columns.map((c) => h('th', { scope: 'col', class: 'group', title: name(c), 'data-group': c.id }, h('span', {}, name(c)))),
      h('th', { scope: 'col', class: 'group' }, h('span', {}, t('total'))))),
    h('tbody', {}, m.rows.map((r, i) => h('tr', { 'data-row': r.id },
      h('th', { scope: 'row' }, name(r)),
      g[i].map((c, j) => {
        if (!c) return h('td', { class: 'empty' });
        const cls = cellClass(c.tally);
        return h('td', { class: `mcell ${cls}`, 'data-mcell': `${r.id}|${m.columns[j].id}`, 'data-class': cls, 'data-value': c.tally.value ?? '',
          title: `${name(r)}, ${name(m.columns[j])}: ${val(c.tally.value)}` },
        h('span', { class: 'value' }, val(c.tally.value)), mark[cls] ? h('span', { class: 'class-mark' }, mark[cls]) : null);
      }),
      h('td', { class: 'num total' }, val(m.rowTotals[i]?.value))))));
}

async function measureSection(scope: string | undefined, measure: CoverageMeasure): Promise<HTMLElement> {
  const select = h('label', { class: 'field' }, h('span', {}, t('measure')),
    h('select', { id: 'measure-select', onchange: (e: Event) => setParams({ measure: (e.target as HTMLSelectElement).value }, true) },
      MEASURES.map((x) => h('option', { value: x, selected: x === measure }, te(x)))));
  const out = h('section', { id: 'measures' }, h('h2', {}, t('measureTitle')), h('div', { class: 'controls' }, select));
  try {
    const m = (await query(CoverageMatrixQuery, { scope, measure, asOf: today() })).coverage;
    out.append(h('p', { class: 'meta', id: 'thin-help' }, `◐ ${t('thinHelp')} ${fmtNum(m.thinPer1000, 2)}. ⚠ ${te('UNCOVERED')}.`),
      h('div', { class: 'scroll' }, measureTable(m, measure)));
  } catch (e) {
    // The public may not read the matrix; the needs above stay.
    out.append(errorBox(e));
  }
  return out;
}

export function coverageView(root: HTMLElement): void {
  const r = currentRoute();
  const body = h('div', { class: 'view-body' });
  render(root, h('h1', {}, t('navCoverage')), h('p', {}, t('coverageHelp')), body);
  void load(body, async () => {
    const pd = await loadPlaces();
    const places = pd.neighbourhoods.edges.map((e) => e.node);
    const scope = r.params.get('scope') ?? undefined;
    const needs = await loadNeeds(scope, today());
    const open = r.params.get('cell') ?? undefined;
    const measures = await measureSection(scope, measureOf(r.params.get('measure')));
    return [h('div', { class: 'controls' }, scopePicker(places, scope, { levels: ['DISTRICT', 'QUARTER'] })),
      h('div', { class: 'scroll' }, coverageTable(needs, places, pd.targetGroups, scope, open)),
      (open && cellDetails(needs, open, pd.targetGroups)) || h('div'), measures];
  });
}

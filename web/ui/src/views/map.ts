// The map: a district's quarters from neighbourhoodsGeoJSON, drawn as SVG
// paths with d3-geo (no tiles, nothing from outside), coloured by a
// monitoring indicator or by the number of uncovered needs, with the
// actors and services that have locations as points. A quarter without an
// outline cannot be drawn: the view says so, and where the district has
// no outlines at all it shows the hierarchy districts > quarters instead.
import { h, render } from '../dom';
import { t, te, fmtNum } from '../i18n';
import { ApiError, query } from '../api/client';
import { IndicatorsQuery, MapPointsQuery, MapShapesQuery, NeedsCoverageQuery, UncoveredQuery } from '../api/queries';
import { uncoveredPerNeighbourhood } from '../gaps';
import type { IndicatorsQuery as IndData, MapPointsQuery as PointsData } from '../gql/graphql';
import { actorLink, load, today } from '../ui';
import { currentRoute, href, setParams } from '../router';
import { clusterPoints, MAX_STEPS, type MapPoint } from '../cluster';
import { cityProjection, classesOf, fillOf, missingOutlines, outlinesOf, textOn, type ColourClass, type Outline } from '../geo';

type Nbh = IndData['neighbourhoods']['edges'][number]['node'];
type ActorPoint = PointsData['actorsByPlace']['edges'][number];
type ServicePoint = PointsData['servicesByPlace']['edges'][number];

const WIDTH = 760, HEIGHT = 560;
const SVG = 'http://www.w3.org/2000/svg';
/** Metres a vertex may move when the service simplifies the outlines for the screen. */
const SIMPLIFY = 20;

function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

/** Makes an SVG shape a keyboard-reachable button with an accessible name. */
function pressable<E extends SVGElement>(el: E, name: string, act: () => void): E {
  el.setAttribute('tabindex', '0');
  el.setAttribute('role', 'button');
  el.setAttribute('aria-label', name);
  el.prepend(s('title', {}, name));
  el.addEventListener('click', act);
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); act(); }
  });
  return el;
}

async function loadPoints(scope: string): Promise<{ actors: ActorPoint[]; services: ServicePoint[] }> {
  const actors: ActorPoint[] = [], services: ServicePoint[] = [];
  let actorsAfter: string | undefined, servicesAfter: string | undefined;
  let moreActors = true, moreServices = true;
  for (let page = 0; page < 20 && (moreActors || moreServices); page++) {
    const d = await query(MapPointsQuery, { scope, actorsAfter, servicesAfter });
    if (moreActors) actors.push(...d.actorsByPlace.edges);
    if (moreServices) services.push(...d.servicesByPlace.edges);
    moreActors &&= d.actorsByPlace.pageInfo.hasNextPage;
    moreServices &&= d.servicesByPlace.pageInfo.hasNextPage;
    actorsAfter = d.actorsByPlace.pageInfo.endCursor ?? undefined;
    servicesAfter = d.servicesByPlace.pageInfo.endCursor ?? undefined;
  }
  return { actors, services };
}

/** Uncovered needs per quarter of the district, however many (src/gaps.ts), or null where the caller may not see gaps (the public). */
async function loadUncovered(scope: string): Promise<Map<string, number> | null> {
  const asOf = today();
  try {
    return await uncoveredPerNeighbourhood(
      async () => (await query(UncoveredQuery, { scope })).gaps.map((x) => x.need.neighbourhood.id),
      async (after) => {
        const d = (await query(NeedsCoverageQuery, { scope, asOf, after })).needs;
        return { needs: d.edges.map((e) => ({ neighbourhood: e.node.neighbourhood.id, covering: e.node.coveringServices.length })),
          hasNextPage: d.pageInfo.hasNextPage, endCursor: d.pageInfo.endCursor ?? null };
      });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return null;
  }
}

export function mapView(root: HTMLElement): void {
  const r = currentRoute();
  const points = r.params.get('points') ?? 'all';
  const body = h('div', { class: 'view-body' });
  render(root, h('h1', {}, t('mapTitle')), body);
  void load(body, async () => {
    const d = await query(IndicatorsQuery, {});
    const all = d.neighbourhoods.edges.map((e) => e.node);
    const districts = all.filter((n) => n.level === 'DISTRICT');
    const scope = r.params.get('scope') ?? districts[0]?.id;
    const district = all.find((n) => n.id === scope);
    if (!scope || !district) return h('p', {}, t('noValue'));
    const quarters = all.filter((n) => n.level === 'QUARTER' && n.parent?.id === scope);
    const [shapes, uncovered, pts] = await Promise.all([
      query(MapShapesQuery, { scope, simplify: SIMPLIFY }), loadUncovered(scope), loadPoints(scope)]);
    const outlines = outlinesOf(shapes.neighbourhoodsGeoJSON).filter((o) => o.properties.level === 'QUARTER');

    const names = [...new Set(all.flatMap((n) => n.indicators.map((i) => i.name)))].sort();
    // Gaps need a sign-in: the public sees the first indicator unless it asked for another.
    const by = r.params.get('by') ?? (uncovered || !names.length ? 'uncovered' : names[0]);
    const valueOf = (n: Nbh): number | null => {
      if (by === 'uncovered') return uncovered ? uncovered.get(n.id) ?? 0 : null;
      const ind = n.indicators.filter((i) => i.name === by).sort((a, b) => b.year - a.year)[0];
      return ind ? ind.value : null;
    };
    const unitOf = (n: Nbh) => n.indicators.find((i) => i.name === by)?.unit ?? '';
    const shown = (n: Nbh) => {
      const v = valueOf(n);
      return v === null ? t('noValue') : by === 'uncovered' ? `${t('uncoveredNeeds')}: ${fmtNum(v)}` : `${fmtNum(v, 1)} ${unitOf(n)}`.trim();
    };
    const classes = classesOf(quarters.map(valueOf).filter((v): v is number => v !== null), by === 'uncovered');

    const controls = h('div', { class: 'controls' },
      h('label', { class: 'field' }, h('span', {}, t('district')),
        h('select', { id: 'map-scope', onchange: (e: Event) => setParams({ scope: (e.target as HTMLSelectElement).value }) },
          districts.map((x) => h('option', { value: x.id, selected: x.id === scope }, x.name)))),
      h('label', { class: 'field' }, h('span', {}, t('colourBy')),
        h('select', { id: 'colour-by', onchange: (e: Event) => setParams({ by: (e.target as HTMLSelectElement).value }, true) },
          h('option', { value: 'uncovered', selected: by === 'uncovered' }, t('uncoveredNeeds')),
          names.map((n) => h('option', { value: n, selected: n === by }, n)))),
      h('label', { class: 'field' }, h('span', {}, t('mapPoints')),
        h('select', { id: 'map-points', onchange: (e: Event) => setParams({ points: (e.target as HTMLSelectElement).value }, true) },
          (['all', 'actors', 'services', 'none'] as const).map((p) =>
            h('option', { value: p, selected: p === points }, t(({ all: 'mapPointsAll', actors: 'mapPointsActors', services: 'mapPointsServices', none: 'mapPointsNone' } as const)[p]))))));

    const notes: HTMLElement[] = [];
    if (by === 'uncovered' && !uncovered) notes.push(h('p', { class: 'notice', role: 'note' }, t('needsLogin')));
    if (!outlines.length) {
      // Nothing to draw: the hierarchy stands in, and the view says why.
      return [controls, h('p', { class: 'notice', id: 'no-geometry', role: 'note' }, `${district.name}: ${t('mapNoGeometry')}`), ...notes,
        hierarchy(districts.filter((x) => x.id === scope), quarters, (n) => fillOf(valueOf(n), classes), shown)];
    }
    const missing = missingOutlines(quarters, outlines);
    if (missing.length) {
      notes.push(h('p', { class: 'notice', id: 'missing-geometry', role: 'note' },
        `${t('mapMissingGeometry')} ${missing.map((m) => m.name).join(', ')}`));
    }

    const details = h('div', { id: 'map-details', class: 'map-details', 'aria-live': 'polite' }, h('p', { class: 'meta' }, t('mapHint')));
    const byId = new Map(quarters.map((q) => [q.id, q]));
    const { shapes: drawn, path, point } = cityProjection(outlines, WIDTH, HEIGHT);
    const svg = s('svg', { id: 'map', class: 'map', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'group', 'aria-labelledby': 'map-caption', 'data-step': 0 });
    // The quarters are scaled as a whole; labels and points are placed
    // anew at each zoom and keep their size.
    const areas = s('g', { class: 'areas' }), labels = s('g', { class: 'labels', 'aria-hidden': 'true' }), dots = s('g', { class: 'points' });
    // What is open is in the URL (sel=), so that a link shows it again; the
    // address changes in place, without drawing the map anew.
    const opened = new Map<string, () => void>();
    let selected = r.params.get('sel') ?? '';
    const select = (el: Element | null, id: string) => {
      svg.querySelectorAll('[aria-pressed="true"]').forEach((x) => x.setAttribute('aria-pressed', 'false'));
      el?.setAttribute('aria-pressed', 'true');
      selected = id;
      const p = Object.fromEntries(currentRoute().params.entries());
      history.replaceState(null, '', href(r.view, { ...p, sel: id }, r.id));
    };
    const centroids: [string, [number, number]][] = [];
    drawn.forEach((o: Outline) => {
      const q = byId.get(o.properties.id);
      const v = q ? valueOf(q) : null;
      const fill = fillOf(v, classes);
      const name = `${o.properties.name}: ${q ? shown(q) : t('noValue')}`;
      const el = pressable(s('path', { d: path(o) ?? '', class: 'quarter', fill, 'data-nbh': o.properties.id,
        'data-value': v ?? '', 'data-gaps': uncovered?.get(o.properties.id) ?? '', 'aria-pressed': 'false' }), name, () => {
        select(el, o.properties.id);
        render(details, quarterDetails(o, q, shown, by === 'uncovered' ? null : uncovered?.get(o.properties.id) ?? null));
      });
      opened.set(o.properties.id, () => { el.setAttribute('aria-pressed', 'true'); render(details, quarterDetails(o, q, shown, by === 'uncovered' ? null : uncovered?.get(o.properties.id) ?? null)); });
      areas.append(el);
      const c = path.centroid(o);
      if (Number.isFinite(c[0])) centroids.push([o.properties.name, c]);
    });

    // Actors and services at the same location make one place: its actor
    // dots and service squares side by side (a service often takes place
    // at its provider's address); places are what clusters join.
    const places = new Map<string, { id: string; lon: number; lat: number; actors: ActorPoint[]; services: ServicePoint[] }>();
    const placeOf = (l: { longitude: number; latitude: number }) => {
      const id = `${l.longitude},${l.latitude}`;
      let p = places.get(id);
      if (!p) places.set(id, p = { id, lon: l.longitude, lat: l.latitude, actors: [], services: [] });
      return p;
    };
    if (points === 'all' || points === 'actors') for (const a of pts.actors) placeOf(a.location).actors.push(a);
    if (points === 'all' || points === 'services') for (const sv of pts.services) placeOf(sv.location).services.push(sv);
    for (const sv of pts.services) opened.set(sv.node.id, () => render(details, serviceDetails(sv)));
    // The projection is linear in longitude: its pixels per degree at the whole picture.
    const clusters = clusterPoints([...places.values()].map((p): MapPoint => ({ id: p.id, lon: p.lon, lat: p.lat, weight: p.actors.length + p.services.length })),
      point(1, 0)[0] - point(0, 0)[0]);

    // The view: a zoom step (scale 2^step) around a centre in the whole picture's pixels.
    // It is in the URL (zoom=step,x,y), so that a link shows the same section.
    const [z0, x0, y0] = (r.params.get('zoom') ?? '').split(',').map(Number);
    const view = z0 > 0 && z0 <= MAX_STEPS && Number.isFinite(x0) && Number.isFinite(y0)
      ? { step: Math.round(z0), cx: Math.max(0, Math.min(WIDTH, x0)), cy: Math.max(0, Math.min(HEIGHT, y0)) }
      : { step: 0, cx: WIDTH / 2, cy: HEIGHT / 2 };
    const screen = ([x, y]: [number, number]): [number, number] =>
      [(x - view.cx) * 2 ** view.step + WIDTH / 2, (y - view.cy) * 2 ** view.step + HEIGHT / 2];
    const zoomTo = (step: number, centre?: [number, number]) => {
      view.step = Math.max(0, Math.min(MAX_STEPS, step));
      if (centre) [view.cx, view.cy] = centre;
      if (view.step === 0) [view.cx, view.cy] = [WIDTH / 2, HEIGHT / 2];
      place();
    };
    const drawPoints = () => {
      const out: SVGElement[] = [];
      for (const x of clusters.at(view.step)) {
        if (x.cluster) {
          const [px, py] = screen(point(x.lon, x.lat));
          const target = clusters.expansionStep(x.clusterId);
          out.push(pressable(s('g', { class: 'cluster', 'data-count': x.count, 'data-cluster': x.clusterId, transform: `translate(${px} ${py})` },
            s('circle', { r: 10 + 3 * Math.log2(x.count) }), s('text', { 'text-anchor': 'middle', dy: '0.35em', 'aria-hidden': 'true' }, String(x.count))),
          `${x.count} ${t('mapClusterPoints')}`, () => zoomTo(target, point(x.lon, x.lat))));
          continue;
        }
        const pl = places.get(x.point.id)!;
        const [px, py] = screen(point(pl.lon, pl.lat));
        pl.actors.forEach((a, i) => {
          const where = a.location.address ?? a.location.name ?? '';
          out.push(pressable(s('circle', { cx: px - 14 * i, cy: py, r: 6, class: 'actor-point', 'data-actor': a.node.id }),
            `${t('actor')}: ${a.node.name}${where ? ` (${where})` : ''}`, () => setParams({ actor: a.node.id })));
        });
        pl.services.forEach((sv, i) => {
          const where = sv.location.address ?? sv.location.name ?? '';
          const el = pressable(s('rect', { x: px + 3 + 10 * i, y: py - 11, width: 8, height: 8, class: 'service-point', 'data-service': sv.node.id,
            'aria-pressed': selected === sv.node.id ? 'true' : 'false' }),
          `${t('service')}: ${sv.node.name}${where ? ` (${where})` : ''}`, () => {
            select(el, sv.node.id);
            render(details, serviceDetails(sv));
          });
          out.push(el);
        });
      }
      dots.replaceChildren(...out);
    };
    const zoomIn = h('button', { type: 'button', id: 'map-zoom-in', 'aria-label': t('mapZoomIn'), title: t('mapZoomIn'), onclick: () => zoomTo(view.step + 1) }, '+');
    const zoomOut = h('button', { type: 'button', id: 'map-zoom-out', 'aria-label': t('mapZoomOut'), title: t('mapZoomOut'), onclick: () => zoomTo(view.step - 1) }, '−');
    const zoomAll = h('button', { type: 'button', id: 'map-zoom-all', onclick: () => zoomTo(0) }, t('mapZoomAll'));
    function place(): void {
      const k = 2 ** view.step;
      areas.setAttribute('transform', `translate(${WIDTH / 2} ${HEIGHT / 2}) scale(${k}) translate(${-view.cx} ${-view.cy})`);
      // Dark text on a white halo reads on every fill and over the points.
      labels.replaceChildren(...centroids.map(([name, c]) => {
        const [x, y] = screen(c);
        return s('text', { x, y, 'text-anchor': 'middle', class: 'quarter-label' }, name);
      }));
      drawPoints();
      svg.setAttribute('data-step', String(view.step));
      const p = Object.fromEntries(currentRoute().params.entries());
      const zoom = view.step ? `${view.step},${Math.round(view.cx)},${Math.round(view.cy)}` : undefined;
      if (zoom !== (p.zoom || undefined)) history.replaceState(null, '', href(r.view, { ...p, zoom }, r.id));
      zoomIn.disabled = view.step >= MAX_STEPS;
      zoomOut.disabled = view.step <= 0;
      zoomAll.disabled = view.step <= 0;
    }
    const pan = (dx: number, dy: number) => {
      const k = 2 ** view.step;
      if (view.step === 0) return;
      view.cx = Math.max(0, Math.min(WIDTH, view.cx - dx / k));
      view.cy = Math.max(0, Math.min(HEIGHT, view.cy - dy / k));
      place();
    };
    panning(svg, pan);
    // From the keyboard: the arrow keys move a zoomed map by a fifth of its size.
    svg.addEventListener('keydown', (e) => {
      const d = ({ ArrowLeft: [1, 0], ArrowRight: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] } as Record<string, number[]>)[e.key];
      if (!d || view.step === 0) return;
      e.preventDefault();
      pan(d[0] * WIDTH / 5, d[1] * HEIGHT / 5);
    });
    place();
    // The labels lie above the points and let clicks through to them.
    svg.append(areas, dots, labels);
    opened.get(selected)?.();

    const legend = h('div', { class: 'legend map-legend', id: 'map-legend' },
      h('h2', {}, by === 'uncovered' ? t('uncoveredNeeds') : by),
      h('ul', {}, legendItems(classes, by === 'uncovered').map(([fill, text]) =>
        h('li', {}, h('span', { class: 'swatch', style: `background:${fill}` }), text))),
      h('h3', {}, t('mapPoints')),
      h('ul', {},
        h('li', {}, h('span', { class: 'swatch round actor-swatch' }), t('mapPointsActors')),
        h('li', {}, h('span', { class: 'swatch service-swatch' }), t('mapPointsServices')),
        h('li', {}, h('span', { class: 'swatch round cluster-swatch' }), t('mapClusterLegend'))),
      details);

    const table = h('table', { id: 'map-table', class: 'data' },
      h('caption', {}, `${t('quarters')} – ${by === 'uncovered' ? t('uncoveredNeeds') : by}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('quarter')), h('th', { scope: 'col' }, t('value')), h('th', { scope: 'col' }, t('mapOutline')))),
      h('tbody', {}, quarters.map((q) => h('tr', { 'data-nbh': q.id },
        h('th', { scope: 'row' }, h('a', { href: href('coverage', { scope: q.id }) }, q.name)),
        h('td', {}, shown(q)),
        h('td', {}, missing.includes(q) ? t('no') : t('yes'))))));

    return [controls, ...notes,
      h('div', { class: 'graph-row' },
        h('figure', { class: 'map-figure' }, svg,
          h('div', { class: 'map-zoom', role: 'group', 'aria-label': t('mapZoom') }, zoomIn, zoomOut, zoomAll),
          h('figcaption', { id: 'map-caption', class: 'meta' },
            `${district.name} (${te(district.level)}): ${outlines.length} ${t('quarters')}, ${t('mapDrawn')}`)),
        legend),
      table];
  });
}

/**
 * Drag to move the map: calls move with the pointer's travel in the
 * picture's pixels. A drag is no click, so a quarter or point under the
 * pointer does not open when the drag ends on it.
 */
function panning(svg: SVGSVGElement, move: (dx: number, dy: number) => void): void {
  let from: { x: number; y: number; moved: boolean } | null = null;
  let swallow = false;
  svg.addEventListener('pointerdown', (e) => { if (e.button === 0) from = { x: e.clientX, y: e.clientY, moved: false }; });
  svg.addEventListener('pointermove', (e) => {
    if (!from) return;
    const f = WIDTH / svg.getBoundingClientRect().width;
    const dx = (e.clientX - from.x) * f, dy = (e.clientY - from.y) * f;
    if (!from.moved && Math.hypot(dx, dy) < 5) return;
    if (!from.moved) svg.setPointerCapture(e.pointerId);
    from = { x: e.clientX, y: e.clientY, moved: true };
    svg.classList.add('dragging');
    move(dx, dy);
  });
  const end = () => { if (from?.moved) swallow = true; from = null; svg.classList.remove('dragging'); };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);
  svg.addEventListener('click', (e) => { if (swallow) { e.stopPropagation(); swallow = false; } }, true);
}

function legendItems(classes: ColourClass[], counts: boolean): [string, string][] {
  const fmt = (v: number) => (counts ? fmtNum(v) : fmtNum(v, 1));
  const out = classes.map((c): [string, string] => [c.fill, c.from === c.to ? fmt(c.from) : `${fmt(c.from)} – ${fmt(c.to)}`]);
  out.push([fillOf(null, []), t('noValue')]);
  return out;
}

/** What a quarter is: its value, its gaps when coloured by something else, links to its views. */
function quarterDetails(o: Outline, q: Nbh | undefined, shown: (n: Nbh) => string, gaps: number | null): HTMLElement {
  return h('div', { class: 'details' },
    h('h3', {}, o.properties.name),
    q ? h('p', {}, shown(q)) : null,
    gaps !== null ? h('p', {}, `${t('uncoveredNeeds')}: ${fmtNum(gaps)}`) : null,
    q?.population ? h('p', {}, `${t('residents')}: ${fmtNum(q.population)}`) : null,
    q?.quarterManagement ? h('p', {}, h('span', { class: 'badge' }, t('qm'))) : null,
    h('ul', {},
      h('li', {}, h('a', { href: href('network', { scope: o.properties.id }) }, t('navNetwork'))),
      h('li', {}, h('a', { href: href('coverage', { scope: o.properties.id }) }, t('navCoverage'))),
      h('li', {}, h('a', { href: href('gaps', { scope: o.properties.id }) }, t('navGaps')))));
}

function serviceDetails(sv: ServicePoint): HTMLElement {
  const l = sv.location;
  return h('div', { class: 'details' },
    h('h3', {}, sv.node.name),
    h('p', {}, `${t('providers')}: `, actorLink(sv.node.provider)),
    l.name || l.address ? h('p', {}, [l.name, l.address].filter(Boolean).join(', ')) : null);
}

/** The districts > quarters tiles, for a district whose quarters have no outlines. */
function hierarchy(districts: Nbh[], quarters: Nbh[], fill: (n: Nbh) => string, shown: (n: Nbh) => string): HTMLElement {
  return h('div', { class: 'hierarchy', id: 'hierarchy' }, districts.map((d) => h('section', { class: 'district' },
    h('h2', {}, `${d.name} (${te(d.level)})`),
    h('ul', { class: 'tiles' }, quarters.filter((q) => q.parent?.id === d.id).map((n) => {
      const bg = fill(n);
      return h('li', { class: 'tile', style: `background:${bg};color:${textOn(bg)}`, 'data-nbh': n.id },
        h('strong', {}, n.name), n.quarterManagement ? h('span', { class: 'badge' }, 'QM') : null,
        h('span', {}, shown(n)));
    })))));
}

// The cooperation network of an area on a day: graphology holds the
// graph, Sigma.js only renders it; focus and paths are reducers over the
// same graph, never changes to it.
import type Graph from 'graphology';
import Sigma from 'sigma';
import { buildGraph, neighbourhood, KIND_COLOURS, LABEL_SETTINGS, SECTOR_COLOURS, type ActorNode, type BrokerRow, type NetworkData, type Tie } from '../graph';
import { h, render } from '../dom';
import { t, te, fmtNum } from '../i18n';
import { ApiError, query } from '../api/client';
import { BrokersQuery, NetworkActorsQuery, NetworkTiesQuery, PathQuery } from '../api/queries';
import type { NetworkActorsQuery as ActorsData, NetworkTiesQuery as TiesData } from '../gql/graphql';
import { actorLink, errorBox, load, loadPlaces, quartersOf, scopePicker, today, yearsAgo } from '../ui';
import { currentRoute, href, setParams } from '../router';

/** Reads every actor and cooperation of an area on a day, page by page, and the brokers when allowed. */
export async function loadNetwork(scope: string | undefined, asOf: string): Promise<NetworkData> {
  const actors: ActorNode[] = [];
  for (let after: string | null | undefined = undefined; ;) {
    const d: ActorsData = await query(NetworkActorsQuery, { scope, asOf, after });
    actors.push(...d.actors.edges.map((e) => e.node));
    if (!d.actors.pageInfo.hasNextPage) break;
    after = d.actors.pageInfo.endCursor;
  }
  const ties: Tie[] = [];
  try {
    for (let after: string | null | undefined = undefined; ;) {
      const d: TiesData = await query(NetworkTiesQuery, { scope, asOf, after });
      ties.push(...d.cooperations.edges.map((e) => e.node));
      if (!d.cooperations.pageInfo.hasNextPage) break;
      after = d.cooperations.pageInfo.endCursor;
    }
  } catch (e) {
    if (!(e instanceof ApiError && (e.has('UNAUTHENTICATED') || e.has('FORBIDDEN')))) throw e;
  }
  let brokers: BrokerRow[] | null = null;
  try {
    brokers = (await query(BrokersQuery, { network: { scope, asOf }, first: 100 })).brokers;
  } catch (e) {
    if (!(e instanceof ApiError && (e.has('UNAUTHENTICATED') || e.has('FORBIDDEN')))) throw e;
  }
  return { actors, ties, brokers };
}

let renderer: Sigma | null = null;

/**
 * Stops the picture's renderer. Called when any view replaces the page:
 * a renderer left running on a container taken out of the document
 * throws on its next resize ("Container has no width").
 */
export function stopNetwork(): void {
  renderer?.kill();
  renderer = null;
}

export function networkView(root: HTMLElement): void {
  stopNetwork();
  const r = currentRoute();
  const asOf = r.params.get('asOf') ?? today();
  const body = h('div', { class: 'view-body' });
  render(root, h('h1', {}, t('navNetwork')), body);
  void load(body, async () => {
    const places = (await loadPlaces()).neighbourhoods.edges.map((e) => e.node);
    const scope = r.params.get('scope') ?? quartersOf(places).find((p) => p.quarterManagement)?.id ?? quartersOf(places)[0]?.id;
    const data = await loadNetwork(scope, asOf);
    const g = buildGraph(data);
    return viewOf(g, data, places, scope, asOf);
  });
}

function viewOf(g: Graph, data: NetworkData, places: Parameters<typeof scopePicker>[0], scope: string | undefined, asOf: string): Node[] {
  const r = currentRoute();
  const focus = r.params.get('focus') ?? '';
  const steps = Number(r.params.get('steps') ?? '1');
  const from = r.params.get('from') ?? '';
  const to = r.params.get('to') ?? '';
  const thisYear = new Date().getFullYear();
  const year = Number(asOf.slice(0, 4));
  const names = [...data.actors].sort((a, b) => a.name.localeCompare(b.name));
  const actorSelect = (id: string, param: string, value: string) =>
    h('select', { id, onchange: (e: Event) => setParams({ [param]: (e.target as HTMLSelectElement).value || undefined }) },
      h('option', { value: '' }, t('none')),
      names.map((a) => h('option', { value: a.id, selected: a.id === value }, a.name)));

  const slider = h('input', { id: 'asof-slider', type: 'range', min: 2010, max: thisYear, step: 1, value: year,
    'aria-valuetext': asOf,
    onchange: (e: Event) => {
      const y = Number((e.target as HTMLInputElement).value);
      setParams({ asOf: y === thisYear ? undefined : `${y}-12-31` }, true);
    } });
  const controls = h('div', { class: 'controls' },
    scopePicker(places, scope, { allowCity: true }),
    h('label', { class: 'field' }, h('span', {}, `${t('asOf')}: `, h('output', { id: 'asof-value' }, asOf)), slider),
    // From the day on the slider (a year ago when it is on today) to today: what began and ended.
    h('a', { id: 'changes-link', class: 'field-link', href: href('changes', { scope, from: asOf < today() ? asOf : yearsAgo(1), to: today() }) }, t('changesLink')),
    h('label', { class: 'field' }, h('span', {}, t('focus')), actorSelect('focus-select', 'focus', focus)),
    h('label', { class: 'field narrow' }, h('span', {}, t('steps')),
      h('select', { id: 'steps-select', onchange: (e: Event) => setParams({ steps: (e.target as HTMLSelectElement).value }) },
        [1, 2, 3].map((s) => h('option', { value: s, selected: s === steps }, String(s))))));

  const pathOut = h('p', { id: 'path-result', role: 'status' });
  const pathBox = h('fieldset', { class: 'controls' }, h('legend', {}, t('introduce')),
    h('label', { class: 'field' }, h('span', {}, t('from')), actorSelect('path-from', 'from', from)),
    h('label', { class: 'field' }, h('span', {}, t('to')), actorSelect('path-to', 'to', to)),
    pathOut);

  const stats = h('p', { class: 'stats', id: 'network-stats', 'data-nodes': g.order, 'data-edges': g.size },
    `${fmtNum(g.order)} ${t('actors')} · ${fmtNum(g.size)} ${t('ties')}`);
  const canvas = h('div', { id: 'graph', class: 'graph', role: 'img', 'aria-label': `${t('navNetwork')}: ${g.order} ${t('actors')}, ${g.size} ${t('ties')}` });
  const legend = legendOf(data);
  const table = nodeTable(g, data);

  // Sigma needs the container in the document to measure it: mount after
  // load() has put the view in place.
  requestAnimationFrame(() => {
    if (!canvas.isConnected) return;
    try {
      renderer = new Sigma(g, canvas, { ...LABEL_SETTINGS, renderEdgeLabels: false, defaultEdgeType: 'line', labelFont: 'system-ui, sans-serif', labelWeight: '600' });
    } catch (e) {
      const webgl = !!document.createElement('canvas').getContext('webgl');
      render(canvas, webgl ? errorBox(e) : h('p', { class: 'error' }, t('noWebgl')));
      return;
    }
    (canvas as unknown as { sigma: Sigma }).sigma = renderer;
    renderer.on('clickNode', ({ node }) => setParams({ actor: node }));
    let visible: Set<string> | null = focus && g.hasNode(focus) ? neighbourhood(g, focus, steps) : null;
    let onPath: Set<string> | null = null;
    const pathLinks = new Set<string>();
    // The actor under the pointer or whose table row has the keyboard
    // focus: its label and its partners' are shown, whatever their size.
    let lit: Set<string> | null = null;
    let litId: string | null = null;
    const apply = () => {
      renderer?.setSetting('nodeReducer', (node, attrs) => {
        if (visible && !visible.has(node)) return { ...attrs, hidden: true };
        if (onPath && !onPath.has(node)) return { ...attrs, color: '#d5d8dc', label: '', forceLabel: false };
        if (onPath || node === focus) return { ...attrs, forceLabel: true, highlighted: true };
        if (lit?.has(node)) return { ...attrs, forceLabel: true, highlighted: node === litId };
        return attrs;
      });
      renderer?.setSetting('edgeReducer', (edge, attrs) => {
        const [s, d] = g.extremities(edge);
        if (visible && (!visible.has(s) || !visible.has(d))) return { ...attrs, hidden: true };
        if (onPath) {
          // Only the links of the path stand out, in one dark colour.
          return pathLinks.has(`${s}|${d}`) || pathLinks.has(`${d}|${s}`)
            ? { ...attrs, color: '#1b1f24', size: Math.max(3, attrs.size ?? 1) }
            : { ...attrs, color: '#eceef0' };
        }
        return attrs;
      });
    };
    apply();
    const light = (id: string | null) => {
      lit = id && g.hasNode(id) ? new Set([id, ...g.neighbors(id)]) : null;
      litId = id;
      apply();
    };
    renderer.on('enterNode', ({ node }) => light(node));
    renderer.on('leaveNode', () => light(null));
    table.addEventListener('focusin', (e) => light((e.target as Element).closest('tr')?.getAttribute('data-node') ?? null));
    table.addEventListener('focusout', () => light(null));
    if (from && to && from !== to) {
      render(pathOut, t('loading'));
      query(PathQuery, { from, to, network: { scope, asOf } }).then((d) => {
        const p = d.cooperationPath[0];
        if (!p) { render(pathOut, t('noPath')); return; }
        onPath = new Set(p.actors.map((a) => a.id));
        p.actors.slice(1).forEach((a, i) => pathLinks.add(`${p.actors[i].id}|${a.id}`));
        visible = null;
        apply();
        render(pathOut, `${t('path')} (${p.length}): `, p.actors.flatMap((a, i) => [i ? ' → ' : '', actorLink(a)]));
      }).catch((e) => render(pathOut, errorBox(e)));
    }
  });
  return [controls, pathBox, stats, h('div', { class: 'graph-row' }, canvas, legend), table];
}

function legendOf(data: NetworkData): HTMLElement {
  const kinds = [...new Set(data.ties.map((c) => c.kind))].sort();
  return h('aside', { class: 'legend', 'aria-label': t('legend') },
    h('h2', {}, t('legend')),
    h('h3', {}, t('sector')),
    h('ul', {}, Object.entries(SECTOR_COLOURS).map(([s, c]) => h('li', {}, h('span', { class: 'dot', style: `background:${c}` }), te(s)))),
    h('p', {}, data.brokers ? t('size') : t('sizeDegree')),
    data.brokers ? h('p', {}, t('brokerMark')) : null,
    data.brokers ? h('p', {}, t('apMark')) : null,
    kinds.length ? h('h3', {}, t('kinds')) : null,
    h('ul', {}, kinds.map((k) => h('li', {}, h('span', { class: 'line', style: `background:${KIND_COLOURS[k]}` }), te(k)))));
}

function nodeTable(g: Graph, data: NetworkData): HTMLElement {
  const rows = [...data.actors].sort((a, b) =>
    (g.getNodeAttribute(b.id, 'betweenness') as number) - (g.getNodeAttribute(a.id, 'betweenness') as number) || a.name.localeCompare(b.name));
  return h('details', { class: 'node-table' },
    h('summary', {}, `${t('tableOfNodes')} (${rows.length})`),
    h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('name')), h('th', { scope: 'col' }, t('sector')),
        h('th', { scope: 'col' }, t('degree')), h('th', { scope: 'col' }, t('betweenness')), h('th', { scope: 'col' }, t('articulationPoint')))),
      h('tbody', {}, rows.map((a) => h('tr', { 'data-node': a.id },
        h('td', {}, actorLink(a)), h('td', {}, te(a.sector)), h('td', { class: 'num' }, g.neighbors(a.id).length),
        h('td', { class: 'num' }, fmtNum(g.getNodeAttribute(a.id, 'betweenness') as number, 3)),
        h('td', {}, g.getNodeAttribute(a.id, 'articulationPoint') ? t('yes') : '–'))))));
}

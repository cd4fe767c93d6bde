// The network as a graphology graph: the model that Sigma.js renders and
// that focus and paths are computed on. No DOM, no WebGL: testable in Node.
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { BrokersQuery as BrokersData, NetworkActorsQuery as ActorsData, NetworkTiesQuery as TiesData } from './gql/graphql';

export const SECTOR_COLOURS: Record<string, string> = {
  PUBLIC: '#1f5fa8', NON_PROFIT: '#c0392b', PRIVATE: '#7a5c00', CIVIL_SOCIETY: '#1e7b3c',
};
export const KIND_COLOURS: Record<string, string> = {
  INFORMATION_EXCHANGE: '#9aa5b1', REFERRAL: '#8e44ad', JOINT_PROJECT: '#e67e22', FUNDING: '#16a085',
  FORMAL_AGREEMENT: '#2c3e50', SHARED_STAFF: '#d35400', SHARED_ROOMS: '#b7950b', JOINT_EVENTS: '#2980b9',
};

/**
 * How Sigma picks the labels it draws, so that they do not overlap: only
 * nodes drawn at least labelRenderedSizeThreshold pixels wide (the large,
 * central ones: size is betweenness) get a label, and of those at most a
 * few per labelGridCellSize square, the largest first (labelDensity).
 * The marked brokers always keep theirs (forceLabel); a hovered node and
 * an actor whose row has the keyboard focus show theirs and their
 * partners' (network view's reducer). Zooming in shows more.
 */
export const LABEL_SETTINGS = { labelDensity: 0.5, labelGridCellSize: 160, labelRenderedSizeThreshold: 12 } as const;

export type ActorNode = ActorsData['actors']['edges'][number]['node'];
export type Tie = TiesData['cooperations']['edges'][number]['node'];
export type BrokerRow = BrokersData['brokers'][number];

export interface NetworkData {
  actors: ActorNode[];
  ties: Tie[];
  /** Null when the caller may not see the analysis (the public). */
  brokers: BrokerRow[] | null;
}

/** Builds the graph: nodes coloured by sector, sized by betweenness (or degree without analysis rights). */
export function buildGraph(data: NetworkData): Graph {
  const g = new Graph({ multi: true, type: 'mixed' });
  const n = data.actors.length;
  data.actors.forEach((a, i) => {
    // Start on a circle in a fixed order, so the same data gives the same picture.
    const angle = (2 * Math.PI * i) / Math.max(1, n);
    g.addNode(a.id, { label: a.name, x: Math.cos(angle), y: Math.sin(angle), color: SECTOR_COLOURS[a.sector] ?? '#555', sector: a.sector, kind: a.kind });
  });
  for (const c of data.ties) {
    if (!g.hasNode(c.from.id) || !g.hasNode(c.to.id)) continue;
    const attrs = { kind: c.kind, color: KIND_COLOURS[c.kind] ?? '#999', size: 1 + 3 * c.strength, type: c.directed ? 'arrow' : 'line' };
    if (c.directed) g.addDirectedEdgeWithKey(c.id, c.from.id, c.to.id, attrs);
    else g.addUndirectedEdgeWithKey(c.id, c.from.id, c.to.id, attrs);
  }
  const score = new Map<string, BrokerRow>();
  for (const b of data.brokers ?? []) score.set(b.actor.id, b);
  const maxB = Math.max(0, ...[...score.values()].map((b) => b.betweenness));
  const maxD = Math.max(1, ...g.mapNodes((id) => g.neighbors(id).length));
  let top: string | null = null;
  g.forEachNode((id, attrs) => {
    const b = score.get(id);
    const rel = data.brokers ? (maxB > 0 && b ? b.betweenness / maxB : 0) : g.neighbors(id).length / maxD;
    g.setNodeAttribute(id, 'size', 5 + 20 * Math.sqrt(rel));
    g.setNodeAttribute(id, 'betweenness', b?.betweenness ?? 0);
    if (b?.articulationPoint) {
      g.setNodeAttribute(id, 'articulationPoint', true);
      g.setNodeAttribute(id, 'label', '◆ ' + attrs.label);
      g.setNodeAttribute(id, 'forceLabel', true);
    }
    if (b && b.betweenness > 0 && (top === null || b.betweenness > (score.get(top)?.betweenness ?? 0))) top = id;
  });
  if (top) {
    g.setNodeAttribute(top, 'label', '★ ' + g.getNodeAttribute(top, 'label'));
    g.setNodeAttribute(top, 'forceLabel', true);
    g.setNodeAttribute(top, 'topBroker', true);
  }
  if (g.order > 1) {
    forceAtlas2.assign(g, { iterations: 300, settings: { ...forceAtlas2.inferSettings(g), barnesHutOptimize: false, adjustSizes: false } });
  }
  return g;
}

/** Actors within steps of focus (the focus included). */
export function neighbourhood(g: Graph, focus: string, steps: number): Set<string> {
  const seen = new Set([focus]);
  let frontier = [focus];
  for (let s = 0; s < steps; s++) {
    const next: string[] = [];
    for (const id of frontier) for (const nb of g.neighbors(id)) if (!seen.has(nb)) { seen.add(nb); next.push(nb); }
    frontier = next;
  }
  return seen;
}


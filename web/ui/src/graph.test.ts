import { describe, expect, test } from 'vitest';
import { buildGraph, neighbourhood, type NetworkData } from './graph';

const actor = (id: string, sector = 'NON_PROFIT') => ({ id, name: id.toUpperCase(), kind: 'ASSOCIATION', sector }) as NetworkData['actors'][number];
const tie = (id: string, from: string, to: string, directed = false) =>
  ({ id, kind: directed ? 'FUNDING' : 'JOINT_PROJECT', directed, strength: 0.5, from: { id: from }, to: { id: to } }) as NetworkData['ties'][number];
const broker = (id: string, betweenness: number, articulationPoint = false) =>
  ({ actor: actor(id), betweenness, degree: 0, constraint: null, effectiveSize: null, articulationPoint, splitSizes: [], roles: { total: 0 } }) as unknown as NonNullable<NetworkData['brokers']>[number];

// A path a – b – c – d with a pendant e on b: b and c are articulation points, b the broker.
const data: NetworkData = {
  actors: ['a', 'b', 'c', 'd', 'e'].map((id) => actor(id)),
  ties: [tie('t1', 'a', 'b'), tie('t2', 'b', 'c'), tie('t3', 'c', 'd', true), tie('t4', 'b', 'e'), tie('t5', 'b', 'x')],
  brokers: [broker('b', 0.7, true), broker('c', 0.4, true), broker('a', 0), broker('d', 0), broker('e', 0)],
};

describe('buildGraph', () => {
  test('nodes are the actors; ties to actors outside are left out', () => {
    const g = buildGraph(data);
    expect(g.order).toBe(5);
    expect(g.size).toBe(4);
    expect(g.hasNode('x')).toBe(false);
    expect(g.isDirected('t3')).toBe(true);
  });

  test('the top broker is the largest node, marked; articulation points are marked', () => {
    const g = buildGraph(data);
    const sizes = g.mapNodes((id, a) => [id, a.size as number] as const).sort((x, y) => y[1] - x[1]);
    expect(sizes[0][0]).toBe('b');
    expect(g.getNodeAttribute('b', 'topBroker')).toBe(true);
    expect(g.getNodeAttribute('b', 'label')).toBe('★ ◆ B');
    expect(g.getNodeAttribute('c', 'articulationPoint')).toBe(true);
    expect(g.getNodeAttribute('a', 'articulationPoint')).toBeUndefined();
  });

  test('without analysis rights nodes are sized by degree and nobody is marked', () => {
    const g = buildGraph({ ...data, brokers: null });
    expect(g.getNodeAttribute('b', 'size')).toBeGreaterThan(g.getNodeAttribute('c', 'size'));
    expect(g.filterNodes((_, a) => a.forceLabel === true)).toEqual([]);
  });

  test('the layout places every node at a finite position, the same for the same data', () => {
    const one = buildGraph(data), two = buildGraph(data);
    one.forEachNode((id, a) => {
      expect(Number.isFinite(a.x) && Number.isFinite(a.y)).toBe(true);
      expect([a.x, a.y]).toEqual([two.getNodeAttribute(id, 'x'), two.getNodeAttribute(id, 'y')]);
    });
  });
});

describe('neighbourhood', () => {
  test('actors within N steps, ignoring direction', () => {
    const g = buildGraph(data);
    expect([...neighbourhood(g, 'd', 0)].sort()).toEqual(['d']);
    expect([...neighbourhood(g, 'd', 1)].sort()).toEqual(['c', 'd']);
    expect([...neighbourhood(g, 'd', 2)].sort()).toEqual(['b', 'c', 'd']);
    expect([...neighbourhood(g, 'd', 3)].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

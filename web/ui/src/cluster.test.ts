import { describe, expect, test } from 'vitest';
import { clusterPoints, MAX_STEPS, RADIUS, type MapPoint } from './cluster';

// A map that draws 10 000 pixels per degree of longitude at step 0.
const PX = 10_000;
const at = (id: string, dx: number, dy = 0, weight = 1): MapPoint =>
  ({ id, weight, lon: 13.4 + dx / PX, lat: 52.5 + dy / PX / Math.cos((52.5 * Math.PI) / 180) });

describe('clusterPoints', () => {
  test('places closer than the radius form a cluster with the number of their points; places far away stay alone', () => {
    const c = clusterPoints([at('a', 0), at('b', 5), at('c', 8, 3, 2), at('far', 400, 0, 3)], PX);
    const shown = c.at(0);
    const clusters = shown.filter((s) => s.cluster);
    expect(clusters).toHaveLength(1);
    expect(clusters[0].cluster && clusters[0].count).toBe(4);
    expect(shown.filter((s) => !s.cluster).map((s) => !s.cluster && s.point.weight)).toEqual([3]);
    expect(shown.filter((s) => !s.cluster).map((s) => !s.cluster && s.point.id)).toEqual(['far']);
    if (clusters[0].cluster) expect(c.leaves(clusters[0].clusterId).map((p) => p.id).sort()).toEqual(['a', 'b', 'c']);
  });

  test('the radius is in the map\'s pixels at every step', () => {
    // 1.5 radii apart at step 0 are two points; 0.75 radii apart are one cluster; at step 1 that is 1.5 radii.
    expect(clusterPoints([at('a', 0), at('b', 1.5 * RADIUS)], PX).at(0).every((s) => !s.cluster)).toBe(true);
    const near = clusterPoints([at('a', 0), at('b', 0.75 * RADIUS)], PX);
    expect(near.at(0).map((s) => s.cluster)).toEqual([true]);
    expect(near.at(1).every((s) => !s.cluster)).toBe(true);
  });

  test('a cluster expands at the step where its points part; at the last step every point is alone', () => {
    // 0.3 radii apart: still together at step 1 (0.6 radii), apart at step 2 (1.2 radii).
    const c = clusterPoints([at('a', 0), at('b', 0.3 * RADIUS)], PX);
    const [cl] = c.at(0);
    expect(cl.cluster).toBe(true);
    if (cl.cluster) expect(c.expansionStep(cl.clusterId)).toBe(2);
    expect(c.at(1).map((s) => s.cluster)).toEqual([true]);
    expect(c.at(2).map((s) => s.cluster)).toEqual([false, false]);
    // The same place twice never parts, but the last step draws both.
    const same = clusterPoints([at('a', 0), at('b', 0)], PX);
    const [sc] = same.at(MAX_STEPS - 1);
    expect(sc.cluster).toBe(true);
    if (sc.cluster) expect(same.expansionStep(sc.clusterId)).toBe(MAX_STEPS);
    expect(same.at(MAX_STEPS).map((s) => s.cluster)).toEqual([false, false]);
  });

  test('no points, nothing to draw', () => {
    expect(clusterPoints([], PX).at(0)).toEqual([]);
  });
});

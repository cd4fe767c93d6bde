import { describe, expect, test } from 'vitest';
import { classesOf, cityProjection, fillOf, missingOutlines, NO_GAP, NO_VALUE, outlinesOf, SCALE, type Outline } from './geo';

const square = (id: string, x: number, y: number, d = 0.01): Outline => ({
  type: 'Feature',
  properties: { id, name: id, level: 'QUARTER' },
  // RFC 7946: the outer ring counter-clockwise.
  geometry: { type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] },
});

describe('map model', () => {
  test('outlinesOf keeps polygon features with an id', () => {
    const fc = { type: 'FeatureCollection', features: [square('nbh_a', 10, 52), { type: 'Feature', properties: { id: 'x' }, geometry: { type: 'Point', coordinates: [1, 2] } }] };
    expect(outlinesOf(fc).map((o) => o.properties.id)).toEqual(['nbh_a']);
    expect(outlinesOf(null)).toEqual([]);
    expect(outlinesOf({ type: 'Polygon' })).toEqual([]);
  });

  test('missingOutlines names the quarters the map cannot draw', () => {
    expect(missingOutlines([{ id: 'nbh_a' }, { id: 'nbh_b' }], [square('nbh_a', 10, 52)])).toEqual([{ id: 'nbh_b' }]);
  });

  test('the projection fits the outlines into the box, north up, and keeps a square square', () => {
    const a = square('nbh_a', 10, 60), b = square('nbh_b', 10.02, 60);
    const { shapes, path, point } = cityProjection([a, b], 400, 300, 0);
    const [[x0, y0], [x1, y1]] = path.bounds({ type: 'FeatureCollection', features: shapes });
    expect(x0).toBeCloseTo(0, 5);
    expect(x1).toBeCloseTo(400, 5);
    expect(y0).toBeGreaterThanOrEqual(-1e-6);
    expect(y1).toBeLessThanOrEqual(300 + 1e-6);
    // North is up: the northern edge has the smaller y.
    expect(point(10, 60.01)[1]).toBeLessThan(point(10, 60)[1]);
    // At 60° a degree of longitude is half as long as one of latitude: 0.01° × 0.01° is 1 : 2 on screen.
    const [ax, ay] = point(10, 60), [bx, by] = point(10.01, 60.01);
    expect(Math.abs(bx - ax) / Math.abs(by - ay)).toBeCloseTo(Math.cos(60.005 * Math.PI / 180), 2);
    // The outline is drawn, not its complement on the sphere.
    expect(path.area(shapes[0])).toBeLessThan(400 * 300 / 2);
  });

  test('gap counts: no gap has its own class, more gaps are darker', () => {
    const c = classesOf([0, 1, 0, 3], true);
    expect(c[0]).toEqual({ from: 0, to: 0, fill: NO_GAP });
    expect(fillOf(0, c)).toBe(NO_GAP);
    expect(fillOf(1, c)).not.toBe(NO_GAP);
    expect(fillOf(3, c)).toBe(SCALE[SCALE.length - 1]);
    expect(SCALE.indexOf(fillOf(1, c))).toBeLessThan(SCALE.indexOf(fillOf(3, c)));
    expect(classesOf([0, 0], true)).toHaveLength(1);
  });

  test('indicators: equal intervals, missing values grey', () => {
    const c = classesOf([10, 20, 15], false);
    expect(c).toHaveLength(SCALE.length);
    expect(fillOf(10, c)).toBe(SCALE[0]);
    expect(fillOf(20, c)).toBe(SCALE[SCALE.length - 1]);
    expect(fillOf(null, c)).toBe(NO_VALUE);
    expect(classesOf([], false)).toEqual([]);
  });
});

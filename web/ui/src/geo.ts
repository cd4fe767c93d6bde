// The map's model: quarters' outlines from neighbourhoodsGeoJSON, the
// points of actors and services, and the colour classes. Plain functions
// over data, so the view only draws and the rules are unit-tested.
import { geoIdentity, geoPath, type GeoPath, type GeoPermissibleObjects } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';

/** A quarter's outline with the properties neighbourhoodsGeoJSON gives. */
export type Outline = Feature<Polygon | MultiPolygon, { id: string; name: string; level: string; parentId?: string | null }>;

/** Reads the API's FeatureCollection, keeping the polygon features with an id. */
export function outlinesOf(json: unknown): Outline[] {
  const fc = json as FeatureCollection<Geometry, Record<string, unknown>> | null;
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) return [];
  return fc.features.filter((f): f is Outline => !!f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')
    && typeof f.properties?.id === 'string');
}

/** The quarters that have no outline: the map cannot draw them. */
export function missingOutlines<T extends { id: string }>(quarters: T[], outlines: Outline[]): T[] {
  const have = new Set(outlines.map((o) => o.properties.id));
  return quarters.filter((q) => !have.has(q.id));
}

/**
 * A planar projection for a city: longitude is shortened by the cosine of
 * the mean latitude (so a quarter keeps its shape), latitude points up.
 * Planar on purpose: d3's spherical projections read RFC 7946's
 * counter-clockwise outer rings as "the whole globe but this", and a city
 * needs no curvature. `shapes` are the outlines in projected order, ready
 * for `path`; `point` places a location.
 */
export function cityProjection(outlines: Outline[], width: number, height: number, pad = 12):
  { shapes: Outline[]; path: GeoPath; point: (lon: number, lat: number) => [number, number] } {
  let lo = Infinity, hi = -Infinity;
  const rings = (g: Polygon | MultiPolygon): Position[][] => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat());
  for (const o of outlines) for (const r of rings(o.geometry)) for (const p of r) { lo = Math.min(lo, p[1]); hi = Math.max(hi, p[1]); }
  const k = Number.isFinite(lo) ? Math.cos(((lo + hi) / 2) * Math.PI / 180) : 1;
  const sq = (r: Position[]) => r.map(([x, y]) => [x * k, y]);
  const shapes = outlines.map((o): Outline => ({
    ...o,
    geometry: o.geometry.type === 'Polygon'
      ? { type: 'Polygon', coordinates: o.geometry.coordinates.map(sq) }
      : { type: 'MultiPolygon', coordinates: o.geometry.coordinates.map((p) => p.map(sq)) },
  }));
  const proj = geoIdentity().reflectY(true)
    .fitExtent([[pad, pad], [width - pad, height - pad]], { type: 'FeatureCollection', features: shapes } as GeoPermissibleObjects);
  return { shapes, path: geoPath(proj), point: (lon, lat) => proj([lon * k, lat]) as [number, number] };
}

/** Light to dark; the darker half carries white text (contrast ≥ 4.5 either way). */
export const SCALE = ['#fff5eb', '#fdd0a2', '#fd8d3c', '#c6460a', '#7f2704'];
export const NO_VALUE = '#e3e6e9';
export const NO_GAP = '#f4f7f2';

/** A class of the legend: the values from..to share a colour. */
export interface ColourClass { from: number; to: number; fill: string; }

/**
 * The classes for the values shown: equal intervals between the smallest
 * and the largest value, at most SCALE.length of them. For counts of gaps,
 * 0 has a class of its own (no gap is not "a little gap").
 */
export function classesOf(values: number[], counts: boolean): ColourClass[] {
  const vs = values.filter((v) => Number.isFinite(v));
  if (!vs.length) return [];
  const min = Math.min(...vs), max = Math.max(...vs);
  if (counts) {
    const out: ColourClass[] = [{ from: 0, to: 0, fill: NO_GAP }];
    if (max < 1) return out;
    // Whole numbers 1..max in at most four classes, darkest for the most gaps.
    const n = Math.min(4, max);
    const step = max / n;
    for (let i = 0; i < n; i++) {
      const from = i === 0 ? 1 : Math.floor(step * i) + 1;
      const to = i === n - 1 ? max : Math.floor(step * (i + 1));
      if (to >= from) out.push({ from, to, fill: SCALE[SCALE.length - n + i] });
    }
    return out;
  }
  if (max === min) return [{ from: min, to: max, fill: SCALE[2] }];
  const step = (max - min) / SCALE.length;
  return SCALE.map((fill, i) => ({ from: min + step * i, to: i === SCALE.length - 1 ? max : min + step * (i + 1), fill }));
}

/** The fill of a value: its class's colour, NO_VALUE when there is none. */
export function fillOf(v: number | null, classes: ColourClass[]): string {
  if (v === null || !classes.length) return NO_VALUE;
  for (const c of classes) if (v >= c.from && v <= c.to) return c.fill;
  return v < classes[0].from ? classes[0].fill : classes[classes.length - 1].fill;
}

/** Text on a fill: white on the dark half of the scale. */
export function textOn(fill: string): string {
  return fill === SCALE[3] || fill === SCALE[4] ? '#fff' : '#111';
}

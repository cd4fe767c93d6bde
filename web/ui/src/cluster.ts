// Clusters of the map's places (where actors and services have their
// locations): where places would overlap at the current zoom, one circle
// with the number of their points stands for them; zooming in (or a click on the circle) splits
// it. Supercluster does the clustering on a k-d tree of the locations.
// The map is drawn at scales 1, 2, 4, … 2^MAX_STEPS of the district's
// whole picture; supercluster's integer zoom levels are made to match
// those scales exactly (by its tile extent), so its radius is in the
// map's own pixels. No DOM: unit-tested in cluster.test.ts.
import Supercluster, { type ClusterProperties } from 'supercluster';

/** A place on the map: weight is the number of points (actors and services) there. */
export interface MapPoint { id: string; lon: number; lat: number; weight: number }

/** A cluster of places at some zoom with the number of their points, or a place drawn on its own. */
export type Shown =
  | { cluster: true; clusterId: number; count: number; lon: number; lat: number }
  | { cluster: false; point: MapPoint };

/** Supercluster's zoom level of the whole picture (any integer; higher ones are the map's zoom steps). */
const BASE_ZOOM = 10;
/** How often the map can double its scale: at 2^MAX_STEPS every point is drawn on its own. */
export const MAX_STEPS = 4;
/** Points closer than this many pixels (at the current scale) join a cluster. */
export const RADIUS = 22;

export interface PointClusters {
  /** What to draw at scale 2^step (step 0: the whole district). */
  at(step: number): Shown[];
  /** The step at which a cluster falls apart (at most MAX_STEPS). */
  expansionStep(clusterId: number): number;
  /** The places in a cluster. */
  leaves(clusterId: number): MapPoint[];
}

/**
 * Indexes points for a map that draws pxPerDegLon pixels per degree of
 * longitude at step 0 (and latitude so that shapes are kept, as the
 * map's planar projection and Web Mercator both do at a city's scale).
 */
export function clusterPoints(points: MapPoint[], pxPerDegLon: number, radius = RADIUS): PointClusters {
  // Supercluster measures its radius in units of extent · 2^zoom per world width (360°).
  const extent = (pxPerDegLon * 360) / 2 ** BASE_ZOOM;
  const index = new Supercluster<MapPoint, { n: number }>({ radius, extent, minZoom: BASE_ZOOM, maxZoom: BASE_ZOOM + MAX_STEPS - 1,
    map: (p) => ({ n: p.weight }), reduce: (sum, p) => { sum.n += p.n; } });
  index.load(points.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: p })));
  const step = (s: number) => BASE_ZOOM + Math.max(0, Math.min(MAX_STEPS, Math.round(s)));
  return {
    at(s) {
      return index.getClusters([-180, -85, 180, 85], step(s)).map((f): Shown => {
        const [lon, lat] = f.geometry.coordinates;
        const props = f.properties as Partial<ClusterProperties> & { n: number } & MapPoint;
        return props.cluster
          ? { cluster: true, clusterId: props.cluster_id!, count: props.n, lon, lat }
          : { cluster: false, point: { id: props.id, lon: props.lon, lat: props.lat, weight: props.weight } };
      });
    },
    expansionStep(id) {
      return Math.min(MAX_STEPS, index.getClusterExpansionZoom(id) - BASE_ZOOM);
    },
    leaves(id) {
      return index.getLeaves(id, Infinity).map((f) => f.properties);
    },
  };
}

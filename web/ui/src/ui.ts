// Shared pieces of the views: loading and error states, the area picker,
// links to actors, and the places of the city (read once per session).
import { h, render } from './dom';
import { currentLang, t, te } from './i18n';
import { explain } from './apimessages';
import { ApiError, query } from './api/client';
import { PlacesQuery } from './api/queries';
import type { PlacesQuery as PlacesData } from './gql/graphql';
import { currentRoute, href, setParams } from './router';

export type Place = PlacesData['neighbourhoods']['edges'][number]['node'];
export type TargetGroupTerm = PlacesData['targetGroups'][number];

let places: Promise<PlacesData> | null = null;
export function loadPlaces(): Promise<PlacesData> {
  places ??= query(PlacesQuery, {}).catch((e) => { places = null; throw e; });
  return places;
}
export function resetPlaces(): void { places = null; }

/** Renders a loading state into el while work runs, then its result or the error. */
export async function load(el: HTMLElement, work: () => Promise<Node | Node[]>): Promise<void> {
  el.setAttribute('aria-busy', 'true');
  render(el, h('p', { class: 'loading', role: 'status' }, t('loading')));
  try {
    const out = await work();
    render(el, out);
  } catch (e) {
    render(el, errorBox(e, () => void load(el, work)));
  } finally {
    el.removeAttribute('aria-busy');
  }
}

/**
 * An error banner in the user's language (see apimessages.ts), with the
 * API's own words as a detail and, where trying again may help, a button.
 */
export function errorBox(e: unknown, retry?: () => void): HTMLElement {
  const needsLogin = e instanceof ApiError && (e.has('UNAUTHENTICATED') || e.has('FORBIDDEN'));
  let msg: Node[];
  if (needsLogin) msg = [document.createTextNode(t('needsLogin'))];
  else if (e instanceof ApiError) {
    const seen = new Set<string>();
    msg = e.problems.map((p) => explain(p, currentLang())).filter((x) => !seen.has(x.text + x.detail) && seen.add(x.text + x.detail))
      .map((x) => h('span', { class: 'problem' }, x.text, apiDetail(x.detail)));
  } else msg = [document.createTextNode(e instanceof Error ? e.message : String(e))];
  return h('div', { class: 'error', role: 'alert' },
    h('strong', {}, t('error') + ': '), msg,
    retry && !needsLogin ? h('button', { type: 'button', onclick: () => retry() }, t('retry')) : null);
}

/** The API's own (English) words under a translated message, marked as English for screen readers. */
export function apiDetail(text: string): HTMLElement | null {
  return text ? h('small', { class: 'api-detail' }, `${t('apiSays')}: `, h('span', { lang: 'en' }, text)) : null;
}

/** A link that opens an actor's panel on top of the current view. */
export function actorLink(a: { id: string; name: string }): HTMLAnchorElement {
  const r = currentRoute();
  const p = Object.fromEntries(r.params.entries());
  return h('a', { href: href(r.view, { ...p, actor: a.id }, r.id), 'data-actor': a.id }, a.name);
}

/** A select of the city, its districts and quarters (indented), bound to the URL parameter scope. */
export function scopePicker(all: Place[], value: string | undefined, opts: { allowCity?: boolean; levels?: string[] } = {}): HTMLElement {
  const id = 'scope-select';
  const byParent = new Map<string, Place[]>();
  for (const p of all) {
    const k = p.parent?.id ?? '';
    byParent.set(k, [...(byParent.get(k) ?? []), p]);
  }
  const options: HTMLOptionElement[] = [];
  if (opts.allowCity !== false) options.push(h('option', { value: '' }, t('wholeCity')));
  const walk = (parent: string, depth: number) => {
    for (const p of byParent.get(parent) ?? []) {
      if (p.level !== 'CITY' && (!opts.levels || opts.levels.includes(p.level))) {
        options.push(h('option', { value: p.id, selected: p.id === value },
          '\u00a0\u00a0'.repeat(Math.max(0, depth - 1)) + `${p.name} (${te(p.level)})`));
      }
      walk(p.id, depth + 1);
    }
  };
  walk('', 0);
  const sel = h('select', { id, onchange: (e: Event) => setParams({ scope: (e.target as HTMLSelectElement).value || undefined }) }, options);
  return h('label', { class: 'field' }, h('span', {}, t('scope')), sel);
}

export function districtsOf(all: Place[]): Place[] { return all.filter((p) => p.level === 'DISTRICT'); }
export function quartersOf(all: Place[], district?: string): Place[] {
  return all.filter((p) => p.level === 'QUARTER' && (!district || p.parent?.id === district));
}

export function today(): string { return new Date().toISOString().slice(0, 10); }
export function yearsAgo(n: number): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() - n);
  return d.toISOString().slice(0, 10);
}

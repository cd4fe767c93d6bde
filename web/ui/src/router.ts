// History routing under /app/: the path names the view, the query string
// what is on screen (area, day, focus …), so every view is a URL that can
// be bookmarked and shared. Never credentials.
export interface Route {
  view: string;
  id?: string;
  params: URLSearchParams;
}

export const BASE = '/app/';

export function currentRoute(): Route {
  const rest = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '';
  const [view = '', id] = rest.split('/').filter(Boolean).map(decodeURIComponent);
  return { view, id, params: new URLSearchParams(location.search) };
}

export function href(view: string, params: Record<string, string | undefined> = {}, id?: string): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const path = BASE + view + (id ? '/' + encodeURIComponent(id) : '');
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

let onChange: () => void = () => {};

export function startRouter(handler: () => void): void {
  onChange = handler;
  window.addEventListener('popstate', () => onChange());
  // Links inside the app navigate without a page load.
  document.addEventListener('click', (e) => {
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(BASE) || a.target) return;
    e.preventDefault();
    navigate(url.pathname + url.search);
  });
  onChange();
}

/** Goes to a URL of the app; replace keeps the history entry (for sliders and selects). */
export function navigate(url: string, replace = false): void {
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  onChange();
}

/** Changes some parameters of the current view. */
export function setParams(changes: Record<string, string | undefined>, replace = false): void {
  const r = currentRoute();
  const p = Object.fromEntries(r.params.entries());
  for (const [k, v] of Object.entries(changes)) {
    if (v) p[k] = v;
    else delete p[k];
  }
  navigate(href(r.view, p, r.id), replace);
}

// The dashboard's frame: skip link, navigation, language switch and login,
// the view of the current URL, and the actor panel when ?actor= names one.
import './style.css';
import { h, render } from './dom';
import { t, setLang, currentLang, type Key } from './i18n';
import { currentRoute, href, startRouter } from './router';
import { getToken, setToken } from './auth';
import { refreshMe, currentMe } from './session';
import { ApiError } from './api/client';
import { resetPlaces, loadPlaces, load, quartersOf, errorBox } from './ui';
import { networkView, stopNetwork } from './views/network';
import { coverageView } from './views/coverage';
import { gapsView, brokersView, overlapsView, staleView } from './views/lists';
import { changesView, endingView, exportsView } from './views/reports';
import { mapView } from './views/map';
import { conferenceView } from './views/conference';
import { actorPanel, refreshActorPanel } from './views/actor';
import { startLive, staleParts, type Change } from './live';
import { resetLive, watchLiveState, type LiveState } from './api/live';
import { CALLBACK, finishSignIn, oidcConfig, startSignIn } from './oidc';

const views: Record<string, { nav: Key; render: (root: HTMLElement) => void }> = {
  network: { nav: 'navNetwork', render: networkView },
  coverage: { nav: 'navCoverage', render: coverageView },
  gaps: { nav: 'navGaps', render: gapsView },
  brokers: { nav: 'navBrokers', render: brokersView },
  overlaps: { nav: 'navOverlaps', render: overlapsView },
  stale: { nav: 'navStale', render: staleView },
  ending: { nav: 'navEnding', render: endingView },
  changes: { nav: 'navChanges', render: changesView },
  map: { nav: 'navMap', render: mapView },
  conference: { nav: 'navConference', render: conferenceView },
  exports: { nav: 'navExports', render: exportsView },
};

const app = document.getElementById('app')!;
const header = h('header', { class: 'top no-print' });
const main = h('main', { id: 'main', tabindex: -1 });
const panel = h('aside', { id: 'panel', class: 'panel', 'aria-labelledby': 'panel-title', hidden: true });
render(app, h('a', { class: 'skip', href: '#main' }, t('skip')), header, h('div', { class: 'layout' }, main, panel));

function homeView(root: HTMLElement): void {
  const body = h('div');
  render(root, h('h1', {}, t('home')), h('p', {}, t('homeIntro')), body);
  void load(body, async () => {
    const places = (await loadPlaces()).neighbourhoods.edges.map((e) => e.node);
    return h('ul', { class: 'cards' }, quartersOf(places).map((q) => h('li', { class: 'card' },
      h('a', { href: href('network', { scope: q.id }) }, q.name),
      q.quarterManagement ? h('span', { class: 'badge' }, t('qm')) : null)));
  });
}

function loginBox(): HTMLElement {
  const me = currentMe();
  if (getToken() && me && me.role !== 'PUBLIC') {
    return h('div', { class: 'login' }, h('span', { id: 'whoami' }, `${t('signedInAs')} ${me.subject ?? ''} (${me.role})`),
      h('button', { type: 'button', onclick: () => { setToken(null); void signedIn(); } }, t('logout')));
  }
  const dialog = h('dialog', { id: 'login-dialog', 'aria-labelledby': 'login-title' });
  const err = h('p', { class: 'error-text', role: 'alert' });
  const form = h('form', { method: 'dialog' },
    h('h2', { id: 'login-title' }, t('login')),
    h('label', { for: 'token-input' }, t('tokenLabel')),
    h('textarea', { id: 'token-input', rows: 4, autocomplete: 'off', spellcheck: 'false' }),
    h('p', { class: 'meta' }, t('tokenHelp')), err,
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', value: 'ok' }, t('tokenSave')),
      h('button', { type: 'button', onclick: () => dialog.close() }, t('cancel'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setToken((form.querySelector('#token-input') as HTMLTextAreaElement).value);
    try {
      await refreshMe();
      dialog.close();
      await signedIn();
    } catch (x) {
      setToken(null);
      err.textContent = `${t('tokenInvalid')} ${x instanceof ApiError ? x.message : ''}`;
    }
  });
  render(dialog, form);
  const sso = h('span');
  void oidcConfig().then((c) => {
    if (c) render(sso, h('button', { type: 'button', id: 'sso-button', onclick: () => startSignIn(c).catch((e) => alert(e.message)) }, t('oidcLogin')));
  });
  return h('div', { class: 'login' }, h('span', { id: 'whoami' }, t('public')), sso,
    h('button', { type: 'button', id: 'login-button', onclick: () => dialog.showModal() }, t('login')), dialog);
}

// The live indicator outlives the header's renders; its state is in
// data-state (connecting, connected, offline, expired).
const liveStatus = h('span', { id: 'live-status', class: 'live', role: 'status', 'data-state': 'connecting' });
let liveState: LiveState = 'connecting';
function showLiveState(): void {
  const label: Record<LiveState, Key> = { connecting: 'liveConnecting', connected: 'liveConnected', offline: 'liveOffline', expired: 'liveExpired' };
  liveStatus.dataset.state = liveState;
  liveStatus.textContent = t(label[liveState]);
  liveStatus.title = t('liveHelp');
}
watchLiveState((s) => { liveState = s; showLiveState(); });

/** Fetches again what the changes concern: the view, the actor panel, the cached places. */
function applyChanges(changes: Change[]): void {
  const r = currentRoute();
  const actor = r.params.get('actor');
  const stale = staleParts(changes, views[r.view] ? r.view : '', actor);
  if (stale.places) resetPlaces();
  if (stale.view) (views[r.view]?.render ?? homeView)(main);
  if (stale.panel && actor) refreshActorPanel(panel, actor);
}

function renderHeader(): void {
  const r = currentRoute();
  render(header,
    h('a', { class: 'brand', href: href('') }, 'kiezgraph'),
    h('nav', { 'aria-label': t('mainNav') }, h('ul', {}, Object.entries(views).map(([k, v]) =>
      h('li', {}, h('a', { href: href(k), 'aria-current': r.view === k ? 'page' : null }, t(v.nav)))))),
    h('div', { class: 'tools' },
      h('label', { class: 'lang' }, h('span', { class: 'sr-only' }, t('language')),
        h('select', { id: 'lang-select', onchange: (e: Event) => { setLang((e.target as HTMLSelectElement).value as 'de' | 'en'); show(); } },
          h('option', { value: 'de', selected: currentLang() === 'de' }, 'Deutsch'),
          h('option', { value: 'en', selected: currentLang() === 'en' }, 'English'))),
      liveStatus, loginBox()));
  showLiveState();
}

let lastView = '';
let lastQuery = '';
function show(): void {
  const r = currentRoute();
  document.documentElement.lang = currentLang();
  renderHeader();
  // The actor panel (and its "what if") is a parameter; opening or closing it leaves the view as it is.
  const p = new URLSearchParams(r.params);
  p.delete('actor');
  p.delete('whatif');
  const key = r.view + '?' + p.toString();
  if (key !== lastView + '?' + lastQuery || main.childElementCount === 0 || main.dataset.lang !== currentLang()) {
    lastView = r.view;
    lastQuery = p.toString();
    main.dataset.lang = currentLang();
    stopNetwork();
    (views[r.view]?.render ?? homeView)(main);
    document.title = `kiezgraph – ${views[r.view] ? t(views[r.view].nav) : t('home')}`;
  }
  const actor = r.params.get('actor');
  if (actor) actorPanel(panel, actor);
  else { panel.hidden = true; render(panel); }
}

async function signedIn(): Promise<void> {
  resetPlaces();
  try { await refreshMe(); } catch { setToken(null); await refreshMe().catch(() => undefined); }
  // The live connection carries the token it opened with: open anew.
  resetLive();
  startLive(applyChanges);
  main.replaceChildren();
  show();
}

// Escape closes the actor panel, as it would a dialog.
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !panel.hidden && !document.querySelector('dialog[open]')) {
    panel.querySelector<HTMLButtonElement>('#panel-close')?.click();
  }
});

/** On /app/callback, finishes an OpenID Connect sign-in and returns to where it started. */
async function callback(): Promise<void> {
  if (location.pathname !== CALLBACK) return;
  const c = await oidcConfig();
  try {
    if (!c) throw new Error('OpenID Connect is not configured');
    history.replaceState(null, '', await finishSignIn(c));
  } catch (e) {
    render(main, errorBox(e));
    throw e;
  }
}

setLang(currentLang());
void callback()
  .then(() => refreshMe())
  .catch(() => { setToken(null); return refreshMe(); })
  .catch(() => undefined)
  .finally(() => { startRouter(show); startLive(applyChanges); });

// The actor panel: services, partners over time, people in their roles,
// networks, events and contact points; "what if it closes" (`whatIf`,
// opened by ?whatif=1 so that it can be bookmarked); a form for
// coordinators that shows the API's validation errors at the field they
// concern.
import { h, render } from '../dom';
import { t, te, label, currentLang } from '../i18n';
import { explain } from '../apimessages';
import { ApiError, mutate, query } from '../api/client';
import { ActorQuery, UpdateActorMutation, WhatIfQuery } from '../api/queries';
import type { ActorPanelQuery, WhatIfQuery as WhatIfData } from '../gql/graphql';
import { actorLink, apiDetail, errorBox, load, today } from '../ui';
import { currentRoute, setParams } from '../router';
import { canEdit, currentMe } from '../session';
import { fmtNum } from '../i18n';
import { openingText } from '../records';

type ActorData = NonNullable<ActorPanelQuery['actor']>;

/**
 * Shows the panel of actor id. A live refresh passes focus false, so that
 * the keyboard stays where the user is.
 */
export function actorPanel(panel: HTMLElement, id: string, focus = true): void {
  panel.hidden = false;
  const body = h('div', { class: 'panel-body', 'aria-busy': 'true' }, h('p', { role: 'status' }, t('loading')));
  render(panel,
    h('div', { class: 'panel-head' },
      h('h2', { id: 'panel-title', tabindex: -1 }, t('actorPanel')),
      h('button', { type: 'button', class: 'close', id: 'panel-close', 'aria-label': t('close'), onclick: () => setParams({ actor: undefined, whatif: undefined }) }, '×')),
    body);
  query(ActorQuery, { id }).then((d) => {
    body.removeAttribute('aria-busy');
    if (!d.actor) { render(body, errorBox(new Error(id))); return; }
    render(body, content(d.actor, () => actorPanel(panel, id)));
    panel.querySelector<HTMLElement>('#panel-title')!.textContent = d.actor.name;
    if (focus) panel.querySelector<HTMLElement>('#panel-title')!.focus();
  }).catch((e) => { body.removeAttribute('aria-busy'); render(body, errorBox(e, () => actorPanel(panel, id))); });
}

function section(title: string, items: Node[]): HTMLElement {
  return h('section', {}, h('h3', {}, `${title} (${items.length})`), items.length ? h('ul', {}, items) : h('p', {}, '–'));
}

function span(from?: string | null, to?: string | null): string {
  if (!from && !to) return '';
  return ` (${from ?? '…'} – ${to ?? t('today')})`;
}

function content(a: ActorData, reload: () => void): Node[] {
  return [
    h('p', { class: 'meta' }, `${te(a.kind)} · ${te(a.sector)} · ${a.neighbourhoods.map((n) => n.name).join(', ')}`),
    a.description ? h('p', { id: 'actor-description' }, a.description) : null,
    a.keywords.length ? h('p', { class: 'meta' }, a.keywords.join(', ')) : null,
    h('p', { class: 'meta' }, [a.contact.email, a.contact.phone, a.contact.website, a.contact.address].filter(Boolean).join(' · ')),
    section(t('services'), a.services.edges.map((e) => h('li', {}, e.node.name, span(e.node.validFrom, e.node.validTo),
      e.node.targetGroups.length ? h('span', { class: 'meta' }, ' – ' + e.node.targetGroups.map(label).join(', ')) : null))),
    section(t('partners'), a.partners.edges.map((e) => h('li', {}, actorLink(e.node), ` – ${te(e.cooperation.kind)}${span(e.cooperation.validFrom, e.cooperation.validTo)}`))),
    section(t('people'), a.roles.edges.map((e) => h('li', {}, `${e.node.person.name} – ${e.node.title}`))),
    section(t('networks'), a.memberships.edges.map((e) => h('li', {}, e.node.network.name))),
    section(t('events'), a.events.edges.map((e) => h('li', {}, `${e.node.date}: ${e.node.name}`))),
    contactSection(a),
    whatIfSection(a),
    canEdit() ? editForm(a, reload) : null,
  ].filter((x): x is HTMLElement => x !== null);
}

function contactSection(a: ActorData): HTMLElement {
  return h('section', { id: 'contact-points' }, h('h3', {}, `${t('contactPoints')} (${a.contactPoints.length})`),
    a.contactPoints.length === 0 ? h('p', {}, '–') : h('ul', {}, a.contactPoints.map((c) => h('li', { 'data-contact': c.id },
      h('strong', {}, c.function),
      c.phone ? [' · ', h('a', { href: `tel:${c.phone}` }, c.phone)] : null,
      c.email ? [' · ', h('a', { href: `mailto:${c.email}` }, c.email)] : null,
      c.role ? h('div', { class: 'meta' }, `${c.role.person.name} – ${c.role.title}`) : null,
      c.openingHours.length ? h('div', { class: 'meta' }, `${t('openingHours')}: `, c.openingHours.map((o) => openingText(o, te)).join('; ')) : null,
      c.languages.length ? h('div', { class: 'meta' }, `${t('languages')}: ${c.languages.join(', ')}`) : null))));
}

type WhatIf = WhatIfData['whatIf'];

/** "What if it closes": a button, and with ?whatif=1 the answer of `whatIf(remove: [actor])`. */
function whatIfSection(a: ActorData): HTMLElement | null {
  const me = currentMe();
  if (!me || me.role === 'PUBLIC') return null;
  const r = currentRoute();
  const open = r.params.get('whatif') === '1';
  const out = h('section', { id: 'what-if' },
    h('button', { type: 'button', id: 'what-if-button', 'aria-expanded': open ? 'true' : 'false', onclick: () => setParams({ whatif: open ? undefined : '1' }) }, t('whatIf')));
  if (open) {
    const body = h('div', { id: 'what-if-result' });
    out.append(body);
    const scope = r.params.get('scope') ?? undefined;
    void load(body, async () => whatIfResult((await query(WhatIfQuery, { remove: [a.id], network: { scope, asOf: today() } })).whatIf));
  }
  return out;
}

function whatIfResult(w: WhatIf): Node[] {
  const figures: [string, (x: WhatIf['before']) => number, number][] = [
    [t('actors'), (x) => x.actors, 0], [t('tiedPairs'), (x) => x.ties, 0], [t('density'), (x) => x.density, 3],
    [t('components'), (x) => x.components, 0], [t('isolates'), (x) => x.isolates, 0],
  ];
  return [
    h('h3', {}, t('whatIfTitle')),
    h('table', { id: 'what-if-figures' }, h('caption', {}, t('whatIfFigures')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('figure')), h('th', { scope: 'col' }, t('before')), h('th', { scope: 'col' }, t('after')))),
      h('tbody', {}, figures.map(([n, f, d]) => h('tr', {}, h('th', { scope: 'row' }, n), h('td', { class: 'num' }, fmtNum(f(w.before), d)), h('td', { class: 'num' }, fmtNum(f(w.after), d)))))),
    section(t('whatIfNewGaps'), w.newGaps.map((g) => h('li', { 'data-need': g.need.id },
      `${g.need.neighbourhood.name}: ${label(g.need.targetGroup)} – ${label(g.need.topic)} (${te(g.need.severity)})`,
      g.candidates.length ? h('span', { class: 'meta' }, ` – ${t('candidates')}: `, g.candidates.map((c, i) => [i ? ', ' : '', actorLink(c.provider)])) : null))),
    section(t('whatIfEnding'), w.endingServices.map((s) => h('li', {}, s.name))),
    section(t('whatIfCutOff'), w.cutOff.flatMap((p) => p.actors.map((x) => h('li', {}, actorLink(x))))),
    section(t('whatIfBrokers'), w.brokerRankChanges.map((b) => h('li', {}, actorLink(b.actor),
      ` – ${t('rank')} ${b.rankBefore ?? '–'} → ${b.rankAfter ?? '–'}`))),
  ];
}

/**
 * Fetches the panel of actor id again after a change, unless the user is
 * editing in it: then it says that the record changed and offers to
 * reload, so that no typing is lost.
 */
export function refreshActorPanel(panel: HTMLElement, id: string): void {
  const editing = document.activeElement?.closest('#actor-form') && !panel.hidden;
  if (!editing) {
    actorPanel(panel, id, false);
    return;
  }
  if (panel.querySelector('#live-notice')) return;
  panel.querySelector('.panel-body')?.prepend(h('p', { id: 'live-notice', class: 'notice', role: 'status' },
    t('changedWhileEditing'), ' ', h('button', { type: 'button', onclick: () => actorPanel(panel, id) }, t('reload'))));
}

function editForm(a: ActorData, reload: () => void): HTMLElement {
  const fields: { name: string; label: string; value: string; multiline?: boolean }[] = [
    { name: 'name', label: t('name'), value: a.name },
    { name: 'description', label: t('description'), value: a.description ?? '', multiline: true },
    { name: 'keywords', label: t('keywords'), value: a.keywords.join(', ') },
    { name: 'email', label: t('email'), value: a.contact.email ?? '' },
    { name: 'website', label: t('website'), value: a.contact.website ?? '' },
    { name: 'validTo', label: t('validTo'), value: a.validTo ?? '' },
  ];
  const status = h('p', { role: 'status', id: 'edit-status' });
  const form = h('form', { id: 'actor-form', novalidate: true },
    fields.map((f) => h('div', { class: 'form-row', 'data-field': f.name },
      h('label', { for: `f-${f.name}` }, f.label),
      f.multiline
        ? h('textarea', { id: `f-${f.name}`, name: f.name, rows: 3, 'aria-describedby': `e-${f.name}` }, f.value)
        : h('input', { id: `f-${f.name}`, name: f.name, value: f.value, type: f.name === 'validTo' ? 'date' : 'text', 'aria-describedby': `e-${f.name}` }),
      h('p', { class: 'field-error', id: `e-${f.name}` }))),
    h('button', { type: 'submit' }, t('save')), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    form.querySelectorAll('.field-error').forEach((el) => (el.textContent = ''));
    form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
    const v = (n: string) => (form.elements.namedItem(n) as HTMLInputElement).value;
    const input = {
      id: a.id,
      name: v('name'),
      description: v('description') || null,
      keywords: v('keywords').split(',').map((s) => s.trim()).filter(Boolean),
      contact: { ...a.contact, email: v('email') || null, website: v('website') || null },
      validTo: v('validTo') || null,
    };
    delete (input.contact as { __typename?: string }).__typename;
    render(status, t('loading'));
    try {
      await mutate(UpdateActorMutation, { input });
      render(status, t('saved'));
      reload();
    } catch (err) {
      if (err instanceof ApiError) {
        // German words at the field (or below the form), the API's English beside them.
        const general: Node[] = [];
        for (const p of err.problems) {
          const x = explain(p, currentLang());
          const slot = x.field ? form.querySelector<HTMLElement>(`#e-${x.field}`) : null;
          const detail = apiDetail(x.detail);
          if (slot) {
            render(slot, x.text, detail);
            form.querySelector(`#f-${x.field}`)?.setAttribute('aria-invalid', 'true');
          } else general.push(h('span', { class: 'error-text' }, x.text, detail));
        }
        render(status, general);
        form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      } else render(status, errorBox(err));
    }
  });
  return h('section', { class: 'edit' }, h('h3', {}, t('edit')), form);
}

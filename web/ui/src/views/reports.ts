// What is about to end (`ending(within:)`, fundings first), what changed
// between two days (`changeReport`), and the downloads of the export
// endpoints, fetched with the caller's token and saved under the file
// name the service gives.
import { h, render } from '../dom';
import { t, te, currentLang } from '../i18n';
import { query } from '../api/client';
import { problemsOf } from '../apimessages';
import { ApiError } from '../api/client';
import { ChangeReportQuery, EndingQuery } from '../api/queries';
import type { RecordChangesFieldsFragment } from '../gql/graphql';
import { errorBox, load, loadPlaces, scopePicker, today, yearsAgo } from '../ui';
import { currentRoute, setParams } from '../router';
import { getToken } from '../auth';
import {
  GRAPH_FORMATS, LISTS, WINDOWS, filenameFrom, graphExportUrl, leftOut, listExportUrl, recordTypeLabel,
  listLabel, reportRows, windowLabel, type ReportRow,
} from '../records';
import { summaryNodes } from './lists';

function reportTable(id: string, rows: ReportRow[], dayLabel: string, fundingLabel: string): HTMLElement {
  if (rows.length === 0) return h('p', { id, class: 'meta' }, t('noRecords'));
  return h('table', { id },
    h('thead', {}, h('tr', {}, [dayLabel, t('type'), t('name')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r) => h('tr', { 'data-type': r.type, class: r.funding ? 'funding' : null },
      h('td', { class: 'day' }, r.day ?? '–'),
      h('td', {}, recordTypeLabel(r.type, currentLang()), r.funding ? h('strong', { class: 'funding-mark' }, ` · ${fundingLabel}`) : null),
      h('td', {}, summaryNodes(r.summary))))));
}

function more(c: RecordChangesFieldsFragment): HTMLElement | null {
  const n = leftOut(c);
  return n > 0 ? h('p', { class: 'meta' }, `+ ${n} ${t('moreNotShown')}`) : null;
}

/** /app/ending?scope=…&within=P90D: what ends within the window from today, fundings first. */
export function endingView(root: HTMLElement): void {
  const r = currentRoute();
  // Whatever the address says goes to the API, which says (in German) what is wrong with it.
  const within = r.params.get('within') ?? 'P90D';
  const scope = r.params.get('scope') ?? undefined;
  const body = h('div', { class: 'view-body' });
  render(root, h('h1', {}, t('navEnding')), h('p', {}, t('endingHelp')), body);
  void load(body, async () => {
    const places = (await loadPlaces()).neighbourhoods.edges.map((e) => e.node);
    const options = (WINDOWS as readonly string[]).includes(within) ? [...WINDOWS] : [within, ...WINDOWS];
    // The answer loads below the controls, so that a refused window can be changed right there.
    const result = h('div', { id: 'ending-result' });
    void load(result, async () => {
      const d = (await query(EndingQuery, { scope, within })).ending;
      return [h('p', { id: 'ending-window', 'data-from': d.from, 'data-to': d.to, 'data-total': d.ending.totals.all },
        `${d.from} – ${d.to}: ${d.ending.totals.all} ${t('recordsFound')}`),
      reportTable('ending-table', reportRows(d.ending, 'validTo', currentLang(), te), t('endsOn'), t('fundingEnds')),
      more(d.ending) ?? h('div')];
    });
    return [h('div', { class: 'controls' }, scopePicker(places, scope, { levels: ['DISTRICT', 'QUARTER'] }),
      h('label', { class: 'field' }, h('span', {}, t('within')),
        h('select', { id: 'within-select', onchange: (e: Event) => setParams({ within: (e.target as HTMLSelectElement).value }, true) },
          options.map((w) => h('option', { value: w, selected: w === within }, windowLabel(w, currentLang())))))),
    result];
  });
}

/** /app/changes?scope=…&from=…&to=…: what began and what ended between two days. */
export function changesView(root: HTMLElement): void {
  const r = currentRoute();
  const from = r.params.get('from') ?? yearsAgo(1);
  const to = r.params.get('to') ?? today();
  const scope = r.params.get('scope') ?? undefined;
  const body = h('div', { class: 'view-body' });
  render(root, h('h1', {}, t('navChanges')), h('p', {}, t('changesHelp')), body);
  void load(body, async () => {
    const places = (await loadPlaces()).neighbourhoods.edges.map((e) => e.node);
    const day = (name: 'from' | 'to', value: string) => h('label', { class: 'field' }, h('span', {}, t(name)),
      h('input', { type: 'date', id: `changes-${name}`, value, onchange: (e: Event) => setParams({ [name]: (e.target as HTMLInputElement).value || undefined }, true) }));
    const result = h('div', { id: 'changes-result' });
    void load(result, async () => {
      const d = (await query(ChangeReportQuery, { scope, from, to })).changeReport;
      return [h('p', { id: 'changes-period', 'data-began': d.began.totals.all, 'data-ended': d.ended.totals.all }, `${d.from} – ${d.to}`),
        h('section', {}, h('h2', {}, `${t('began')} (${d.began.totals.all})`),
          reportTable('began-table', reportRows(d.began, 'validFrom', currentLang(), te), t('validFrom'), t('fundingBegan')), more(d.began)),
        h('section', {}, h('h2', {}, `${t('ended')} (${d.ended.totals.all})`),
          reportTable('ended-table', reportRows(d.ended, 'validTo', currentLang(), te), t('validTo'), t('fundingEnded')), more(d.ended))];
    });
    return [h('div', { class: 'controls' }, scopePicker(places, scope, { levels: ['DISTRICT', 'QUARTER'] }), day('from', from), day('to', to)), result];
  });
}

/**
 * Fetches url with the caller's token (a bearer token cannot ride on a
 * plain link) and saves the answer under the file name the service gives
 * in Content-Disposition. An error answer is the API's error envelope and
 * is thrown as an ApiError, so that it reads as every other error.
 */
export async function download(url: string, fallback: string): Promise<string> {
  const token = getToken();
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    let body: { errors?: { message: string; extensions?: Record<string, unknown> }[] } = {};
    try { body = await res.json(); } catch { /* not the envelope */ }
    throw new ApiError(body.errors?.length ? body.errors.flatMap(problemsOf) : [{ message: `HTTP ${res.status}`, code: 'NETWORK' }], !body.errors);
  }
  const name = filenameFrom(res.headers.get('Content-Disposition'), fallback);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = h('a', { href, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken the blob once the click's download started.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}

function downloadButton(id: string, text: string, url: string, fallback: string, status: HTMLElement, aria?: string): HTMLElement {
  return h('button', { type: 'button', id, 'data-url': url, 'aria-label': aria, onclick: async () => {
    render(status, t('downloading'));
    try {
      const name = await download(url, fallback);
      render(status, `${t('downloaded')}: `, h('code', {}, name));
    } catch (e) {
      render(status, errorBox(e));
    }
  } }, text);
}

/** /app/exports?scope=…&asOf=…: the graph files and the lists as spreadsheets. */
export function exportsView(root: HTMLElement): void {
  const r = currentRoute();
  const scope = r.params.get('scope') ?? undefined;
  const asOf = r.params.get('asOf') ?? undefined;
  const body = h('div', { class: 'view-body' });
  render(root, h('h1', {}, t('exportsTitle')), h('p', {}, t('exportsHelp')), body);
  void load(body, async () => {
    const places = (await loadPlaces()).neighbourhoods.edges.map((e) => e.node);
    const status = h('div', { id: 'download-status', role: 'status' });
    const suffix = scope ?? 'city';
    return [h('div', { class: 'controls' }, scopePicker(places, scope, { levels: ['DISTRICT', 'QUARTER'] }),
      h('label', { class: 'field' }, h('span', {}, t('asOf')),
        h('input', { type: 'date', id: 'export-asof', value: asOf ?? today(), onchange: (e: Event) => setParams({ asOf: (e.target as HTMLInputElement).value || undefined }, true) }))),
    status,
    h('section', {}, h('h2', {}, t('graphFiles')),
      h('ul', { class: 'plain downloads', id: 'graph-downloads' }, Object.entries(GRAPH_FORMATS).map(([f, ext]) => h('li', {},
        downloadButton(`dl-${f}`, `${t('download')}: ${f.toUpperCase()} (.${ext})`, graphExportUrl(f, scope, asOf), `kiezgraph-${suffix}.${ext}`, status))))),
    h('section', {}, h('h2', {}, t('listFiles')),
      h('table', { id: 'list-downloads' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('list')), h('th', { scope: 'col' }, t('format')))),
        h('tbody', {}, LISTS.map((l) => h('tr', {}, h('th', { scope: 'row' }, listLabel(l, currentLang())),
          h('td', {}, (['xlsx', 'csv'] as const).map((ext) =>
            downloadButton(`dl-${l}-${ext}`, ext.toUpperCase(), listExportUrl(l, ext, scope), `${l}-${suffix}.${ext}`, status,
              `${t('download')}: ${listLabel(l, currentLang())} (${ext.toUpperCase()})`)))))))),
    ];
  });
}

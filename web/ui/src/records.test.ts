import { describe, expect, test } from 'vitest';
import { filenameFrom, graphExportUrl, leftOut, listExportUrl, listLabel, openingText, recordTypeLabel, reportRows, summarize, summaryText, windowLabel, type RecordLike } from './records';
import type { RecordChangesFieldsFragment } from './gql/graphql';

const kind = (k: string) => `<${k}>`;
const school = { id: 'act_school', name: 'Grundschule' };
const club = { id: 'act_club', name: 'Jugendclub' };

describe('recordTypeLabel', () => {
  test('German first, English on the switch', () => {
    expect(recordTypeLabel('ROLE', 'de')).toBe('Rolle');
    expect(recordTypeLabel('MEMBERSHIP', 'de')).toBe('Mitgliedschaft');
    expect(recordTypeLabel('PERSON', 'de')).toBe('Person');
    expect(recordTypeLabel('ROLE', 'en')).toBe('Role');
    expect(recordTypeLabel('TARGET_GROUP', 'en')).toBe('Target group');
  });
});

describe('summarize', () => {
  const cases: { name: string; r: RecordLike; text: string; actor: string | null }[] = [
    { name: 'actor', r: { __typename: 'Organisation', ...school }, text: 'Grundschule', actor: 'act_school' },
    { name: 'service with its provider', r: { __typename: 'Service', name: 'Hausaufgabenhilfe', provider: club }, text: 'Hausaufgabenhilfe – Jugendclub', actor: 'act_club' },
    { name: 'cooperation', r: { __typename: 'Cooperation', kind: 'FUNDING', from: school, to: club }, text: 'Grundschule – <FUNDING> – Jugendclub', actor: 'act_school' },
    { name: 'role: person, title, actor', r: { __typename: 'Role', title: 'Schulsozialarbeiterin', person: { name: 'Eva Muster' }, actor: school }, text: 'Eva Muster – Schulsozialarbeiterin – Grundschule', actor: 'act_school' },
    { name: 'membership: actor and network, with its role', r: { __typename: 'Membership', role: 'Sprecher', actor: club, network: { name: 'AG 78' } }, text: 'Jugendclub – AG 78 (Sprecher)', actor: 'act_club' },
    { name: 'membership without a role', r: { __typename: 'Membership', role: null, actor: club, network: { name: 'AG 78' } }, text: 'Jugendclub – AG 78', actor: 'act_club' },
    { name: 'person at an actor', r: { __typename: 'Person', name: 'Eva Muster', roles: { edges: [{ node: { actor: school } }] } }, text: 'Eva Muster – Grundschule', actor: 'act_school' },
    { name: 'person without a role', r: { __typename: 'Person', name: 'Eva Muster', roles: { edges: [] } }, text: 'Eva Muster', actor: null },
    { name: 'event without an organiser', r: { __typename: 'Event', name: 'Kiezfest', organiser: null }, text: 'Kiezfest', actor: null },
    { name: 'network', r: { __typename: 'Network', name: 'AG 78' }, text: 'AG 78', actor: null },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const s = summarize(c.r, 'de', kind);
      expect(summaryText(s)).toBe(c.text);
      expect(s.actor?.id ?? null).toBe(c.actor);
    });
  }
  test('a need in the language asked', () => {
    const n: RecordLike = { __typename: 'Need', neighbourhood: { name: 'Lindenpark' }, targetGroup: { labelDe: 'Senior*innen', labelEn: 'seniors' }, topic: { labelDe: 'Nachbarschaft', labelEn: 'neighbourhood life' } };
    expect(summaryText(summarize(n, 'de', kind))).toBe('Lindenpark: Senior*innen – Nachbarschaft');
    expect(summaryText(summarize(n, 'en', kind))).toBe('Lindenpark: seniors – neighbourhood life');
  });
  test('actors are links, not text', () => {
    const s = summarize({ __typename: 'Role', title: 'Leitung', person: { name: 'A' }, actor: school }, 'de', kind);
    expect(s.parts).toContainEqual(school);
  });
});

const edges = <T,>(nodes: T[]) => ({ edges: nodes.map((node) => ({ node })) });
const report: RecordChangesFieldsFragment = {
  actors: edges([{ id: 'act_x', name: 'Initiative X', validFrom: null, validTo: '2027-01-05' }]),
  services: edges([{ id: 'svc_a', name: 'Sprachcafé', validFrom: '2020-01-01', validTo: '2027-01-02', provider: club }]),
  cooperations: edges([
    { id: 'coo_f', kind: 'FUNDING', validFrom: null, validTo: '2027-02-01', from: school, to: club },
    { id: 'coo_j', kind: 'JOINT_PROJECT', validFrom: null, validTo: '2027-01-01', from: club, to: school },
  ]),
  memberships: edges([{ id: 'mem_1', role: null, validFrom: null, validTo: '2027-01-03', actor: club, network: { id: 'net_1', name: 'AG 78' } }]),
  roles: edges([{ title: 'Leitung', validFrom: '2019-05-01', validTo: '2027-01-04', person: { name: 'Eva' }, actor: school }]),
  totals: { actors: 3, services: 1, cooperations: 2, memberships: 1, roles: 1, all: 8 },
};

describe('reportRows', () => {
  test('cooperations first in the API order (fundings first), then services, memberships, actors, roles', () => {
    const rows = reportRows(report, 'validTo', 'de', kind);
    expect(rows.map((r) => r.type)).toEqual(['COOPERATION', 'COOPERATION', 'SERVICE', 'MEMBERSHIP', 'ACTOR', 'ROLE']);
    expect(rows.map((r) => r.funding)).toEqual([true, false, false, false, false, false]);
    expect(rows.map((r) => r.day)).toEqual(['2027-02-01', '2027-01-01', '2027-01-02', '2027-01-03', '2027-01-05', '2027-01-04']);
    expect(summaryText(rows[5].summary)).toBe('Eva – Leitung – Grundschule');
  });
  test('began reads validFrom', () => {
    expect(reportRows(report, 'validFrom', 'de', kind).map((r) => r.day)).toEqual([null, null, '2020-01-01', null, null, '2019-05-01']);
  });
  test('leftOut counts what the totals hold beyond the lists', () => {
    expect(leftOut(report)).toBe(2);
    expect(leftOut({ ...report, totals: { ...report.totals, all: 6 } })).toBe(0);
  });
});

describe('windowLabel', () => {
  test.each([['P90D', 'de', '90 Tage'], ['P1Y', 'de', '1 Jahr'], ['P6M', 'en', '6 months'], ['P1Y6M', 'de', '1 Jahr 6 Monate'], ['P2W', 'en', '2 weeks'],
    ['PT12H', 'de', 'PT12H'], ['P', 'de', 'P']] as const)('%s (%s) → %s', (s, lang, want) => {
    expect(windowLabel(s, lang)).toBe(want);
  });
});

describe('filenameFrom', () => {
  test.each([
    ['attachment; filename="kiezgraph-nbh_nord-2026-12-06.gexf"', 'kiezgraph-nbh_nord-2026-12-06.gexf'],
    ['attachment; filename=actors.csv', 'actors.csv'],
    ["attachment; filename=\"x.csv\"; filename*=UTF-8''Akteure%20%C3%BCbersicht.csv", 'Akteure übersicht.csv'],
    ['attachment; filename="../../etc/passwd"', 'passwd'],
    ['attachment; filename="a\\"b.csv"', 'a"b.csv'],
    ['attachment', 'fallback.bin'],
    [null, 'fallback.bin'],
    ['attachment; filename=".."', 'fallback.bin'],
  ])('%s → %s', (h, want) => {
    expect(filenameFrom(h, 'fallback.bin')).toBe(want);
  });
});

describe('export addresses', () => {
  test('graph exports with scope and day', () => {
    expect(graphExportUrl('gexf')).toBe('/export/gexf');
    expect(graphExportUrl('csv', 'nbh_nord', '2024-06-01')).toBe('/export/csv?scope=nbh_nord&asOf=2024-06-01');
  });
  test('list exports take the scope as their filter', () => {
    expect(listExportUrl('actors', 'xlsx')).toBe('/export/lists/actors.xlsx');
    const u = new URL(listExportUrl('actors', 'csv', 'nbh_nord'), 'http://x');
    expect(JSON.parse(u.searchParams.get('filter')!)).toEqual({ neighbourhood: 'nbh_nord' });
    expect(JSON.parse(new URL(listExportUrl('neighbourhoods', 'csv', 'nbh_nord'), 'http://x').searchParams.get('filter')!)).toEqual({ within: 'nbh_nord' });
    expect(listExportUrl('people', 'xlsx', 'nbh_nord')).toBe('/export/lists/people.xlsx');
  });
});

describe('openingText and listLabel', () => {
  test('an opening in words', () => {
    const day = (d: string) => ({ MO: 'Mo', TU: 'Di' })[d] ?? d;
    expect(openingText({ days: ['MO', 'TU'], opens: '09:00', closes: '12:00', note: null }, day)).toBe('Mo, Di 09:00–12:00');
    expect(openingText({ days: ['MO'], opens: '14:00', closes: '16:00', note: 'nur nach Vereinbarung' }, day)).toBe('Mo 14:00–16:00 (nur nach Vereinbarung)');
  });
  test('lists in German first', () => {
    expect(listLabel('cooperations', 'de')).toBe('Kooperationen');
    expect(listLabel('people', 'en')).toBe('People');
  });
});

import { describe, expect, test } from 'vitest';
import { explain, formField, problemsOf, type ApiProblem } from './apimessages';

// The error the service gives for an updateActor with four bad fields
// (copied from a real answer; see resolvers/errors.go).
const badActor = {
  message: 'input.name: must be 1 to 200 characters; input.keywords[0]: keyword 1 must not contain control or bidirectional formatting characters (found U+0007); input.contact.email: is not an e-mail address; input.contact.website: must be an http or https URL',
  extensions: {
    code: 'BAD_USER_INPUT', field: 'input.name', requestId: '75732c9a0267d194',
    fields: [
      { field: 'input.name', message: 'must be 1 to 200 characters' },
      { field: 'input.keywords[0]', message: 'keyword 1 must not contain control or bidirectional formatting characters (found U+0007)' },
      { field: 'input.contact.email', message: 'is not an e-mail address' },
      { field: 'input.contact.website', message: 'must be an http or https URL' },
    ],
  },
};

describe('problemsOf', () => {
  test('a BAD_USER_INPUT gives one problem per field of extensions.fields', () => {
    expect(problemsOf(badActor)).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.name', message: 'input.name: must be 1 to 200 characters' },
      { code: 'BAD_USER_INPUT', field: 'input.keywords[0]', message: 'input.keywords[0]: keyword 1 must not contain control or bidirectional formatting characters (found U+0007)' },
      { code: 'BAD_USER_INPUT', field: 'input.contact.email', message: 'input.contact.email: is not an e-mail address' },
      { code: 'BAD_USER_INPUT', field: 'input.contact.website', message: 'input.contact.website: must be an http or https URL' },
    ]);
  });
  test('without fields: the field of extensions.field, or none', () => {
    expect(problemsOf({ message: 'input.name: x', extensions: { code: 'BAD_USER_INPUT', field: 'input.name' } }))
      .toEqual([{ code: 'BAD_USER_INPUT', field: 'input.name', message: 'input.name: x' }]);
    expect(problemsOf({ message: 'no', extensions: { code: 'FORBIDDEN' } })).toEqual([{ code: 'FORBIDDEN', field: undefined, message: 'no' }]);
    expect(problemsOf({ message: 'odd' })).toEqual([{ code: 'UNKNOWN', field: undefined, message: 'odd' }]);
  });
});

describe('formField', () => {
  test.each([
    ['input.name', 'name'],
    ['input.description', 'description'],
    ['input.contact.email', 'email'],
    ['input.contact.website', 'website'],
    ['input.keywords', 'keywords'],
    ['input.keywords[3]', 'keywords'],
    ['input.validTo', 'validTo'],
    [undefined, ''],
  ])('%s → %s', (api, form) => expect(formField(api)).toBe(form));
});

describe('explain', () => {
  const bad = (field: string, what: string): ApiProblem => ({ code: 'BAD_USER_INPUT', field, message: `${field}: ${what}` });
  test.each<[string, ApiProblem, string, string]>([
    ['an empty name', bad('input.name', 'must be 1 to 200 characters'), 'name', 'Darf nicht leer sein und höchstens 200 Zeichen haben.'],
    ['a long description', bad('input.description', 'must be at most 2000 characters'), 'description', 'Höchstens 2000 Zeichen.'],
    ['a control character', bad('input.name', 'must not contain control or bidirectional formatting characters (found U+202E)'), 'name',
      'Enthält ein unsichtbares Steuer- oder Richtungszeichen (U+202E); bitte entfernen.'],
    ['a web site without scheme', bad('input.contact.website', 'must be an http or https URL'), 'website',
      'Bitte eine vollständige Web-Adresse angeben, die mit http:// oder https:// beginnt.'],
    ['an e-mail without @', bad('input.contact.email', 'is not an e-mail address'), 'email', 'Keine gültige E-Mail-Adresse (Beispiel: name@beispiel.de).'],
    ['too many keywords', bad('input.keywords', 'must be at most 30 keywords'), 'keywords', 'Höchstens 30 Schlagworte.'],
    ['a long keyword', bad('input.keywords[2]', 'keyword 3 must be at most 100 characters'), 'keywords', 'Schlagwort 3 ist zu lang (höchstens 100 Zeichen).'],
    ['a keyword with a control character', bad('input.keywords[0]', 'keyword 1 must not contain control or bidirectional formatting characters (found U+0007)'), 'keywords',
      'Schlagwort 1 enthält ein unsichtbares Steuer- oder Richtungszeichen (U+0007).'],
    ['an end before the start', bad('input.validTo', 'must not be before validFrom'), 'validTo', 'Das Ende darf nicht vor dem Beginn liegen.'],
    ['a null name', bad('input.name', 'cannot be null'), 'name', 'Pflichtfeld: darf nicht leer sein.'],
    ['a year out of range', bad('input.evidence.year', 'must be between 1900 and 2100'), 'evidence.year', 'Bitte einen Wert zwischen 1900 und 2100 angeben.'],
    ['a strength out of range', bad('input.strength', 'must be between 0 and 1'), 'strength', 'Bitte einen Wert zwischen 0 und 1 angeben.'],
    ['an unknown check of a known field', bad('input.contact.website', 'is on a blocklist'), 'website', 'Bitte die Web-Adresse prüfen.'],
    ['an unknown check of an unknown field', bad('input.colour', 'is ugly'), 'colour', 'Die Eingabe ist ungültig.'],
    ['a window over ten years', bad('within', '"P20Y" is too long: at most ten years'), 'within', 'Der Zeitraum P20Y ist zu lang: höchstens zehn Jahre.'],
    ['a window with hours', bad('within', '"PT12H" is not an ISO 8601 duration in days, weeks, months or years (e.g. P90D, P3M, P1Y)'), 'within',
      '„PT12H“ ist kein Zeitraum in Tagen, Wochen, Monaten oder Jahren (z. B. P90D, P6M, P1Y).'],
    ['an empty window', bad('within', '"P0D" is empty: give at least one day'), 'within', 'Der Zeitraum ist leer: mindestens einen Tag angeben.'],
    ['an unknown scope', bad('scope', 'no neighbourhood with id nbh_x'), 'scope', 'Kein Gebiet mit der Kennung nbh_x.'],
    ['a report ending before it starts', bad('to', 'must not be before 2025-01-01'), 'to', 'Darf nicht vor dem 2025-01-01 liegen.'],
    ['a confirmation in the future', bad('on', '2031-01-01 lies in the future (today is 2026-12-06)'), 'on', 'Der 2031-01-01 liegt in der Zukunft (heute ist der 2026-12-06).'],
    ['too many to confirm', bad('ids', 'at most 100 records at once'), 'ids', 'Höchstens 100 Einträge auf einmal bestätigen.'],
    ['nothing to confirm', bad('ids', 'name at least one record'), 'ids', 'Bitte mindestens einen Eintrag wählen.'],
    ['an input error without field', { code: 'BAD_USER_INPUT', message: 'first must be 1 to 100' }, '', 'Die Eingabe ist ungültig.'],
    ['a refusal', { code: 'FORBIDDEN', message: 'act_x is outside your districts' }, '', 'Keine Berechtigung für diese Aktion.'],
    ['a field on a refusal is no field error', { code: 'FORBIDDEN', field: 'input.name', message: 'no' }, '', 'Keine Berechtigung für diese Aktion.'],
    ['no sign-in', { code: 'UNAUTHENTICATED', message: 'token expired' }, '', 'Bitte (neu) anmelden: Die Anmeldung fehlt oder ist abgelaufen.'],
    ['gone', { code: 'NOT_FOUND', message: 'actor act_x not found' }, '', 'Den Eintrag gibt es nicht (mehr).'],
    ['a duplicate', { code: 'CONFLICT', message: 'duplicate external key' }, '', 'Konflikt: Den Eintrag gibt es schon, oder die Regeln erlauben diese Änderung nicht.'],
    ['no database', { code: 'UNAVAILABLE', message: 'the database is unavailable; try again shortly' }, '', 'Die Datenbank ist gerade nicht erreichbar. Bitte gleich noch einmal versuchen.'],
    ['too slow', { code: 'TIMEOUT', message: 'the request took too long and was stopped' }, '', 'Die Anfrage hat zu lange gedauert und wurde abgebrochen.'],
    ['a bug', { code: 'INTERNAL', message: 'internal error' }, '', 'Ein interner Fehler im Dienst. Bitte später erneut versuchen; der Betrieb findet die Einzelheiten unter der Anfrage-Nummer im Protokoll.'],
    ['too many requests', { code: 'RATE_LIMITED', message: 'rate limit' }, '', 'Zu viele Anfragen in kurzer Zeit. Bitte einen Moment warten.'],
    ['no network', { code: 'NETWORK', message: 'Failed to fetch' }, '', 'Der Dienst ist nicht erreichbar (Netzwerk).'],
    ['an unknown code', { code: 'TEAPOT', message: 'short and stout' }, '', 'Unerwarteter Fehler (TEAPOT).'],
  ])('%s', (_, p, field, text) => {
    const x = explain(p, 'de');
    expect(x.field).toBe(field);
    expect(x.text).toBe(text);
    // The API's English words stay available.
    expect(x.detail).toBe(p.message);
  });

  test('in English, the same rules in English', () => {
    expect(explain(bad('input.contact.website', 'must be an http or https URL'), 'en').text).toBe('Please give a full web address starting with http:// or https://.');
    expect(explain({ code: 'FORBIDDEN', message: 'no' }, 'en').text).toBe('Not allowed to do this.');
  });
});

// What an API error means, in the user's language. The service answers
// in English; what a client may rely on is extensions.code (package
// apierror) and, for BAD_USER_INPUT, extensions.field and .fields: the
// input paths (`input.name`, `input.contact.website`, `input.keywords[2]`)
// with a message each. The German text is chosen from the code, the
// field and the kind of check the message names; the API's own English
// words stay beside it as a detail, so that nothing it said is lost.
// Pure functions of their arguments (no DOM, no session): unit-tested in
// apimessages.test.ts.
import type { Lang } from './i18n';

/** One GraphQL error as the service reports it (see resolvers/errors.go). */
export interface ApiProblem {
  message: string;
  code: string;
  /** The input path of a BAD_USER_INPUT, e.g. input.contact.website. */
  field?: string;
}

/**
 * The problems of one GraphQL error: a BAD_USER_INPUT names every bad
 * field in extensions.fields, each becomes a problem of its own (with the
 * message "field: what is wrong"), so that each field shows its error.
 */
export function problemsOf(g: { message: string; extensions?: Record<string, unknown> }): ApiProblem[] {
  const code = String(g.extensions?.code ?? 'UNKNOWN');
  const fields = g.extensions?.fields;
  if (Array.isArray(fields) && fields.length) {
    return fields.filter((f) => typeof f?.field === 'string').map((f: { field: string; message?: unknown }) => ({
      code, field: f.field, message: `${f.field}: ${String(f.message ?? '')}`,
    }));
  }
  const field = g.extensions?.field;
  return [{ message: g.message, code, field: typeof field === 'string' ? field : undefined }];
}

/** A problem explained: the form field it belongs to ('' for none), the text to show and the API's words. */
export interface Explained {
  field: string;
  text: string;
  detail: string;
}

/** The form field (the dashboard's name) that an API input path belongs to; '' when none. */
export function formField(apiField: string | undefined): string {
  if (!apiField) return '';
  const f = apiField.replace(/^input\./, '').replace(/\[\d+\]$/, '');
  if (f.startsWith('contact.')) return f.slice('contact.'.length);
  return f;
}

type Rule = [RegExp, Record<Lang, (m: RegExpMatchArray) => string>];

/**
 * The kinds of check the service makes (domain/check.go, domain/text.go,
 * resolvers/input.go), recognised by the message each gives for a field.
 */
const checks: Rule[] = [
  [/^must be 1 to (\d+) characters$/, {
    de: (m) => `Darf nicht leer sein und höchstens ${m[1]} Zeichen haben.`,
    en: (m) => `Must not be empty and at most ${m[1]} characters long.`,
  }],
  [/^must be at most (\d+) characters$/, {
    de: (m) => `Höchstens ${m[1]} Zeichen.`,
    en: (m) => `At most ${m[1]} characters.`,
  }],
  [/^must not contain control or bidirectional formatting characters \(found (U\+[0-9A-F]+)\)$/, {
    de: (m) => `Enthält ein unsichtbares Steuer- oder Richtungszeichen (${m[1]}); bitte entfernen.`,
    en: (m) => `Contains an invisible control or direction character (${m[1]}); please remove it.`,
  }],
  [/^must be an http or https URL$/, {
    de: () => 'Bitte eine vollständige Web-Adresse angeben, die mit http:// oder https:// beginnt.',
    en: () => 'Please give a full web address starting with http:// or https://.',
  }],
  [/^is not an e-mail address$/, {
    de: () => 'Keine gültige E-Mail-Adresse (Beispiel: name@beispiel.de).',
    en: () => 'Not a valid e-mail address (example: name@example.org).',
  }],
  [/^must be at most (\d+) keywords$/, {
    de: (m) => `Höchstens ${m[1]} Schlagworte.`,
    en: (m) => `At most ${m[1]} keywords.`,
  }],
  [/^keyword (\d+) must be at most (\d+) characters$/, {
    de: (m) => `Schlagwort ${m[1]} ist zu lang (höchstens ${m[2]} Zeichen).`,
    en: (m) => `Keyword ${m[1]} is too long (at most ${m[2]} characters).`,
  }],
  [/^keyword (\d+) must not contain control or bidirectional formatting characters \(found (U\+[0-9A-F]+)\)$/, {
    de: (m) => `Schlagwort ${m[1]} enthält ein unsichtbares Steuer- oder Richtungszeichen (${m[2]}).`,
    en: (m) => `Keyword ${m[1]} contains an invisible control or direction character (${m[2]}).`,
  }],
  [/^must not be before validFrom$/, {
    de: () => 'Das Ende darf nicht vor dem Beginn liegen.',
    en: () => 'The end must not be before the start.',
  }],
  [/^cannot be null$/, {
    de: () => 'Pflichtfeld: darf nicht leer sein.',
    en: () => 'Required: must not be empty.',
  }],
  [/^needs at least one id$/, {
    de: () => 'Bitte mindestens einen Eintrag wählen.',
    en: () => 'Please choose at least one entry.',
  }],
  [/^must be between (-?[\d.]+) and (-?[\d.]+)$/, {
    de: (m) => `Bitte einen Wert zwischen ${m[1]} und ${m[2]} angeben.`,
    en: (m) => `Please give a value between ${m[1]} and ${m[2]}.`,
  }],
  // Windows of `ending(within:)` (domain/lifespan.go).
  [/^"(.+)" is too long: at most ten years$/, {
    de: (m) => `Der Zeitraum ${m[1]} ist zu lang: höchstens zehn Jahre.`,
    en: (m) => `The window ${m[1]} is too long: at most ten years.`,
  }],
  [/^"(.*)" is not an ISO 8601 duration/, {
    de: (m) => `„${m[1]}“ ist kein Zeitraum in Tagen, Wochen, Monaten oder Jahren (z. B. P90D, P6M, P1Y).`,
    en: (m) => `"${m[1]}" is not a window of days, weeks, months or years (e.g. P90D, P6M, P1Y).`,
  }],
  [/^"(.+)" is empty: give at least one day$/, {
    de: () => 'Der Zeitraum ist leer: mindestens einen Tag angeben.',
    en: () => 'The window is empty: give at least one day.',
  }],
  // Scopes of reports and exports.
  [/^no neighbourhood with id (\S+)$/, {
    de: (m) => `Kein Gebiet mit der Kennung ${m[1]}.`,
    en: (m) => `No area with the id ${m[1]}.`,
  }],
  // Periods of `changeReport` (the end not before the start).
  [/^must not be before (\d{4}-\d{2}-\d{2})$/, {
    de: (m) => `Darf nicht vor dem ${m[1]} liegen.`,
    en: (m) => `Must not be before ${m[1]}.`,
  }],
  // `confirmRecords` (domain/confirm.go).
  [/^(\d{4}-\d{2}-\d{2}) lies in the future \(today is (\d{4}-\d{2}-\d{2})\)$/, {
    de: (m) => `Der ${m[1]} liegt in der Zukunft (heute ist der ${m[2]}).`,
    en: (m) => `${m[1]} lies in the future (today is ${m[2]}).`,
  }],
  [/^at most (\d+) records at once$/, {
    de: (m) => `Höchstens ${m[1]} Einträge auf einmal bestätigen.`,
    en: (m) => `Confirm at most ${m[1]} records at once.`,
  }],
  [/^name at least one record$/, {
    de: () => 'Bitte mindestens einen Eintrag wählen.',
    en: () => 'Please choose at least one entry.',
  }],
  [/^must be upper case letters, digits and underscores/, {
    de: () => 'Nur Großbuchstaben, Ziffern und Unterstriche, beginnend mit einem Buchstaben.',
    en: () => 'Upper case letters, digits and underscores only, starting with a letter.',
  }],
];

/** What to check in a field whose message is not one of the known checks (the service may add checks). */
const fieldHints: Record<string, Record<Lang, string>> = {
  name: { de: 'Bitte den Namen prüfen.', en: 'Please check the name.' },
  description: { de: 'Bitte die Beschreibung prüfen.', en: 'Please check the description.' },
  keywords: { de: 'Bitte die Schlagworte prüfen.', en: 'Please check the keywords.' },
  email: { de: 'Bitte die E-Mail-Adresse prüfen.', en: 'Please check the e-mail address.' },
  website: { de: 'Bitte die Web-Adresse prüfen.', en: 'Please check the web address.' },
  phone: { de: 'Bitte die Telefonnummer prüfen.', en: 'Please check the phone number.' },
  address: { de: 'Bitte die Adresse prüfen.', en: 'Please check the address.' },
  validFrom: { de: 'Bitte das Anfangsdatum prüfen.', en: 'Please check the start date.' },
  validTo: { de: 'Bitte das Enddatum prüfen.', en: 'Please check the end date.' },
};

/** What each code of the API's error contract (apierror/codes.go) means to the user. */
const codes: Record<string, Record<Lang, string>> = {
  BAD_USER_INPUT: { de: 'Die Eingabe ist ungültig.', en: 'The input is invalid.' },
  NOT_FOUND: { de: 'Den Eintrag gibt es nicht (mehr).', en: 'The record does not exist (any more).' },
  CONFLICT: { de: 'Konflikt: Den Eintrag gibt es schon, oder die Regeln erlauben diese Änderung nicht.', en: 'Conflict: the record exists already, or the rules forbid this change.' },
  FORBIDDEN: { de: 'Keine Berechtigung für diese Aktion.', en: 'Not allowed to do this.' },
  UNAUTHENTICATED: { de: 'Bitte (neu) anmelden: Die Anmeldung fehlt oder ist abgelaufen.', en: 'Please sign in (again): the sign-in is missing or has expired.' },
  UNAVAILABLE: { de: 'Die Datenbank ist gerade nicht erreichbar. Bitte gleich noch einmal versuchen.', en: 'The database cannot be reached right now. Please try again shortly.' },
  TIMEOUT: { de: 'Die Anfrage hat zu lange gedauert und wurde abgebrochen.', en: 'The request took too long and was stopped.' },
  INTERNAL: { de: 'Ein interner Fehler im Dienst. Bitte später erneut versuchen; der Betrieb findet die Einzelheiten unter der Anfrage-Nummer im Protokoll.', en: 'An internal error in the service. Please try again later; operators find the details under the request id in the log.' },
  RATE_LIMITED: { de: 'Zu viele Anfragen in kurzer Zeit. Bitte einen Moment warten.', en: 'Too many requests in a short time. Please wait a moment.' },
  NETWORK: { de: 'Der Dienst ist nicht erreichbar (Netzwerk).', en: 'The service cannot be reached (network).' },
  COMPLEXITY_LIMIT_EXCEEDED: { de: 'Die Abfrage ist zu umfangreich; bitte ein kleineres Gebiet wählen.', en: 'The query is too large; please choose a smaller area.' },
  RESPONSE_TOO_LARGE: { de: 'Die Antwort wäre zu groß; bitte ein kleineres Gebiet wählen.', en: 'The answer would be too large; please choose a smaller area.' },
};

/** The German (or English) words for problem p, the form field it belongs to and the API's own words. */
export function explain(p: ApiProblem, lang: Lang): Explained {
  const field = p.code === 'BAD_USER_INPUT' ? formField(p.field) : '';
  // A field error's message is "input.x: what is wrong" (one per field in extensions.fields).
  const what = p.field && p.message.startsWith(`${p.field}: `) ? p.message.slice(p.field.length + 2) : p.message;
  const detail = p.message;
  if (p.code === 'BAD_USER_INPUT' && p.field) {
    for (const [re, say] of checks) {
      const m = what.match(re);
      if (m) return { field, text: say[lang](m), detail };
    }
    const hint = fieldHints[field];
    if (hint) return { field, text: hint[lang], detail };
  }
  const known = codes[p.code];
  if (known) return { field, text: known[lang], detail };
  return { field, text: lang === 'de' ? `Unerwarteter Fehler (${p.code}).` : `Unexpected error (${p.code}).`, detail };
}

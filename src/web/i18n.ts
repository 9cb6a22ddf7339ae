import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';

export type WebLang = 'it' | 'en';

/** Every user-facing string of the web, in both languages. */
export const T = {
  it: {
    appName: 'Monitor dei distretti',
    catalogue: 'Catalogo',
    entities: 'Distretti e poli',
    releases: 'Note',
    request: 'Richiedi un brief',
    operators: 'Operatori',
    queues: 'Code',
    logout: 'Esci',
    login: 'Accedi',
    token: 'Token personale',
    loginHelp: 'Incolla il token che ti ha dato un operatore (distretti tokens create).',
    loginFailed: 'Token non valido o revocato.',
    briefsTitle: 'Brief disponibili',
    entity: 'Distretto / polo',
    quarter: 'Trimestre',
    language: 'Lingua',
    any: 'tutti',
    filter: 'Filtra',
    reset: 'Azzera',
    note: 'Nota',
    vintage: 'Dati al',
    rendered: 'Creato',
    download: 'Scarica',
    data: 'dati CSV',
    noBriefs: 'Nessun brief corrisponde ai filtri.',
    latestFigures: 'Ultimi dati',
    exports: 'Export (mln €)',
    yoy: 'Var. % tend.',
    chartTitle: 'Esportazioni trimestrali (milioni di euro)',
    revisions: 'Revisioni',
    noRevisions: 'Nessun dato rivisto tra le note caricate.',
    firstPrint: 'Prima stima',
    latestPrint: 'Ultima stima',
    vintages: 'Versioni',
    metric: 'Misura',
    period: 'Periodo',
    status: 'Stato',
    cover: 'Copertina',
    cutoff: 'Dati aggiornati al',
    published: 'pubblicata',
    quarantined: 'in quarantena',
    late: 'in ritardo',
    lateTitle: 'Note attese in ritardo',
    lateSince: 'in ritardo dal',
    drift: 'Rapporto sulla quarantena',
    findings: 'Controlli',
    source: 'Fonte',
    requestTitle: 'Richiedi un brief',
    year: 'Anno',
    submit: 'Richiedi',
    progressQueued: 'In coda…',
    progressRendering: 'In preparazione…',
    progressReady: 'Pronto',
    progressFailed: 'Non riuscito',
    refreshNote: 'La pagina si aggiorna da sola.',
    reparse: 'Rielabora',
    reparseQueued: 'Rielaborazione avviata',
    forbidden: 'Non hai il permesso di vedere questa pagina.',
    notFound: 'Pagina non trovata.',
    error: 'Errore',
    switchLang: 'English',
    kinds: { distretto: 'distretto', polo: 'polo tecnologico', aggregato: 'aggregato' } as Record<string, string>,
    metrics: { exports_meur: 'export (mln €)', yoy_pct: 'var. % tend.', delta_meur: 'var. (mln €)', vs2019_pct: 'var. % sul 2019' } as Record<string, string>,
  },
  en: {
    appName: 'District monitor',
    catalogue: 'Catalogue',
    entities: 'Districts and hubs',
    releases: 'Notes',
    request: 'Request a brief',
    operators: 'Operators',
    queues: 'Queues',
    logout: 'Log out',
    login: 'Log in',
    token: 'Personal token',
    loginHelp: 'Paste the token an operator gave you (distretti tokens create).',
    loginFailed: 'Invalid or revoked token.',
    briefsTitle: 'Available briefs',
    entity: 'District / hub',
    quarter: 'Quarter',
    language: 'Language',
    any: 'any',
    filter: 'Filter',
    reset: 'Reset',
    note: 'Note',
    vintage: 'Data as of',
    rendered: 'Rendered',
    download: 'Download',
    data: 'CSV data',
    noBriefs: 'No brief matches the filters.',
    latestFigures: 'Latest figures',
    exports: 'Exports (€m)',
    yoy: 'YoY %',
    chartTitle: 'Quarterly exports (€ million)',
    revisions: 'Revisions',
    noRevisions: 'No figure revised across the loaded notes.',
    firstPrint: 'First print',
    latestPrint: 'Latest print',
    vintages: 'Vintages',
    metric: 'Measure',
    period: 'Period',
    status: 'Status',
    cover: 'Cover',
    cutoff: 'Data as of',
    published: 'published',
    quarantined: 'quarantined',
    late: 'late',
    lateTitle: 'Expected notes that are late',
    lateSince: 'late since',
    drift: 'Quarantine report',
    findings: 'Checks',
    source: 'Source',
    requestTitle: 'Request a brief',
    year: 'Year',
    submit: 'Request',
    progressQueued: 'Queued…',
    progressRendering: 'Rendering…',
    progressReady: 'Ready',
    progressFailed: 'Failed',
    refreshNote: 'This page refreshes by itself.',
    reparse: 'Re-parse',
    reparseQueued: 'Re-parse started',
    forbidden: 'You are not allowed to see this page.',
    notFound: 'Page not found.',
    error: 'Error',
    switchLang: 'Italiano',
    kinds: { distretto: 'district', polo: 'technology hub', aggregato: 'aggregate' } as Record<string, string>,
    metrics: { exports_meur: 'exports (€m)', yoy_pct: 'YoY %', delta_meur: 'change (€m)', vs2019_pct: '% vs 2019' } as Record<string, string>,
  },
} as const;
export type Strings = (typeof T)[WebLang];

/** `?lang=` wins, then the `lang` cookie, then Accept-Language; Italian is the house language. */
export function langOf(req: FastifyRequest): WebLang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  if (q === 'it' || q === 'en') return q;
  const c = req.cookies?.lang;
  if (c === 'it' || c === 'en') return c;
  const al = String(req.headers['accept-language'] ?? '');
  return /^\s*en\b/i.test(al) ? 'en' : 'it';
}

export function quarterLabel(period: string, lang: WebLang): string {
  const m = /^(\d{4})Q([1-4])$/.exec(period);
  if (!m) return period;
  return lang === 'it' ? `${m[2]}° trim. ${m[1]}` : `Q${m[2]} ${m[1]}`;
}

export function fmtNumber(v: number | null | undefined, lang: WebLang, decimals = 1): string {
  if (v === null || v === undefined) return '–';
  return new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: true }).format(v);
}

export function fmtDate(iso: string | Date | null | undefined, lang: WebLang): string {
  if (!iso) return '–';
  const d = typeof iso === 'string' ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : iso;
  return new Intl.DateTimeFormat(lang === 'it' ? 'it-IT' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** A change with its sign, as the notes print it: "+15,1", "−19,1" (typographic minus). */
export function fmtSigned(v: number | null | undefined, lang: WebLang, decimals = 1): string {
  if (v === null || v === undefined) return '–';
  const body = fmtNumber(Math.abs(v), lang, decimals);
  return Number(body.replace(/[.,]/g, '')) === 0 ? body : `${v > 0 ? '+' : '\u2212'}${body}`;
}

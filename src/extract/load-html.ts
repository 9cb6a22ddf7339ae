import type { CheerioAPI } from 'cheerio';
import { lazyRequire } from '../lib/lazy-require.ts';

type Slim = typeof import('cheerio/slim');
type Parse5 = typeof import('parse5');
type TreeAdapter = typeof import('parse5-htmlparser2-tree-adapter');

const slim = lazyRequire<Slim>('cheerio/slim');
const parse5 = lazyRequire<Parse5>('parse5');
const treeAdapter = lazyRequire<TreeAdapter>('parse5-htmlparser2-tree-adapter');

/**
 * A listing page as cheerio's `load(html)` reads it: parsed by parse5 (the HTML standard's
 * algorithm, as a browser builds the page, so implied `<tbody>`s and misnested tags come out as
 * an analyst sees them) into htmlparser2's DOM, queried with cheerio.
 *
 * Why not `import { load } from 'cheerio'`: cheerio's main entry also loads undici, an encoding
 * sniffer and a streaming parser for its `fromURL`, ~0.1 s of start-up on every run (issue 13:
 * a run with nothing new must cost ≤ 10% of a cold run). `cheerio/slim` is the same query API;
 * handed an already-parsed document it parses nothing itself.
 */
export function loadHtml(html: string): CheerioAPI {
  const document = parse5().parse(html, { treeAdapter: treeAdapter().adapter, scriptingEnabled: true });
  return slim().load(document);
}

/**
 * Loads the HTML parser now rather than at the first listing page, and runs it once over a
 * small page: a run calls this while it waits for its database to open, when the ~50 ms of
 * module loading and the first parse's compiling of the parser's functions (~40 ms more on the
 * first listing page, measured on a run with nothing new) cost nothing.
 */
export function preloadHtmlParser(): void {
  const $ = loadHtml(WARM_UP_PAGE);
  $('main article.entry').each((_, el) => {
    const entry = $(el);
    entry.find('h3 a[href]').first().attr('href');
    entry.find('time').first().attr('datetime');
    entry.find('.subtitle, p').first().text().replace(/\s+/g, ' ').trim();
  });
  $('nav a[rel="next"]').first().attr('href');
}

/** A listing page in miniature: the elements, attributes and entities listing pages are made of. */
const WARM_UP_PAGE = `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Ricerche &amp; pubblicazioni</title></head>
<body><main><ul class="list"><li><article class="entry card"><h3 class="title"><a href="/it/ricerche/monitor-1">Monitor dei distretti &ndash; Emilia-Romagna</a></h3>
<p class="subtitle">Luglio 2025</p><time datetime="2025-07-22">22 luglio 2025</time><table><tr><td>1,5</td></tr></table></article></li></ul>
<nav class="pagination"><a rel="next" href="?page=2">Successiva &raquo;</a></nav></main></body></html>`;

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
 * Loads the HTML parser now rather than at the first listing page: a run calls this while it
 * waits for its database to open, when the ~50 ms of module loading costs nothing.
 */
export function preloadHtmlParser(): void {
  parse5();
  treeAdapter();
  slim();
}

/**
 * A small robots.txt reader after RFC 9309: groups by `User-agent`, `Allow`/`Disallow`
 * with `*` and `$`, the longest matching rule wins and `Allow` wins a tie. `Crawl-delay`
 * is not in the RFC but is widely used (and the sample publisher sets it): we honour it by
 * spacing requests, never by ignoring it.
 */

export interface RobotsRule {
  readonly allow: boolean;
  readonly pattern: string;
}

export interface RobotsPolicy {
  /** Rules of the group that applies to our product token (or `*`). */
  readonly rules: readonly RobotsRule[];
  /** Seconds between requests asked for by the group, if any. */
  readonly crawlDelaySeconds: number | undefined;
}

/** Everything is allowed: robots.txt absent (4xx), as RFC 9309 §2.3.1.3 says. */
export const ALLOW_ALL: RobotsPolicy = Object.freeze({ rules: [], crawlDelaySeconds: undefined });

interface Group {
  agents: string[];
  rules: RobotsRule[];
  crawlDelay: number | undefined;
}

/**
 * Parses robots.txt text and keeps the group for `productToken` (case-insensitive), falling
 * back to the `*` group. Several groups naming the same agent are merged (RFC 9309 §2.2.1).
 *
 * @example parseRobots('User-agent: *\nDisallow: /private/', 'distretti').rules
 */
export function parseRobots(text: string, productToken: string): RobotsPolicy {
  const groups: Group[] = [];
  let current: Group | undefined;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [], crawlDelay: undefined };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current) continue; // rules before any User-agent line belong to no group
    if (key === 'allow' || key === 'disallow') {
      // An empty Disallow means "nothing disallowed": it adds no rule.
      if (value !== '') current.rules.push({ allow: key === 'allow', pattern: value });
    } else if (key === 'crawl-delay') {
      const n = Number(value);
      if (Number.isFinite(n) && n >= 0) current.crawlDelay = n;
    }
  }
  const token = productToken.toLowerCase();
  const mine = groups.filter((g) => g.agents.includes(token));
  const chosen = mine.length > 0 ? mine : groups.filter((g) => g.agents.includes('*'));
  const delays = chosen.map((g) => g.crawlDelay).filter((d): d is number => d !== undefined);
  return {
    rules: chosen.flatMap((g) => g.rules),
    crawlDelaySeconds: delays.length > 0 ? Math.max(...delays) : undefined,
  };
}

/** The rule that decides `pathAndQuery`, or undefined when none matches (allowed). */
export function matchingRule(policy: RobotsPolicy, pathAndQuery: string): RobotsRule | undefined {
  let best: RobotsRule | undefined;
  for (const rule of policy.rules) {
    if (!patternMatches(rule.pattern, pathAndQuery)) continue;
    if (
      !best ||
      rule.pattern.length > best.pattern.length ||
      (rule.pattern.length === best.pattern.length && rule.allow && !best.allow)
    ) {
      best = rule;
    }
  }
  return best;
}

/** True when robots.txt lets us fetch `pathAndQuery` (e.g. `/it/research?page=2`). */
export function isAllowed(policy: RobotsPolicy, pathAndQuery: string): boolean {
  if (pathAndQuery === '/robots.txt') return true;
  return matchingRule(policy, pathAndQuery)?.allow ?? true;
}

function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const re = body
    .split('*')
    .map((part) => escapeRegExp(normalisePercent(part)))
    .join('.*');
  return new RegExp(`^${re}${anchored ? '$' : ''}`).test(normalisePercent(path));
}

// Compare percent-encodings case-insensitively ("%2f" = "%2F"), as RFC 9309 §2.2.2 asks.
function normalisePercent(s: string): string {
  return s.replace(/%[0-9a-f]{2}/gi, (e) => e.toUpperCase());
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

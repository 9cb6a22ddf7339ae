/**
 * Lets one line through per `windowMs` for each key and counts what it held back, so an
 * outage that makes a client fail every 2 s logs a handful of lines, not hundreds.
 */
export function createLogThrottle(windowMs: number, now: () => number = Date.now) {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (key: string): { pass: boolean; suppressed: number } => {
    const t = now();
    const seen = last.get(key);
    if (seen && t - seen.at < windowMs) {
      seen.suppressed++;
      return { pass: false, suppressed: 0 };
    }
    const suppressed = seen?.suppressed ?? 0;
    last.set(key, { at: t, suppressed: 0 });
    return { pass: true, suppressed };
  };
}

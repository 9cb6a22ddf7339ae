/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal: logs, pipes and
 * CI output get nothing (they have the structured log lines instead).
 */
export interface Progress {
  update(done: number, total: number, label?: string): void;
  done(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  let drawn = false;
  return {
    update(done, total, label = '') {
      const width = 24;
      const filled = total > 0 ? Math.round((done / total) * width) : width;
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const cols = stream.columns ?? 80;
      stream.write(`\r\x1b[2K${`${bar} ${done}/${total} ${label}`.slice(0, cols - 1)}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

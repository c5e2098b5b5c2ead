import type { Progress } from '@latentlens/data';

/** Seconds as `1m05s` or `4.2s`. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return `${m}m${String(s).padStart(2, '0')}s`;
}

/** The line that ends every stage's run: what it made, where, and how long it took. */
export function summaryLine(label: string, made: string, where: string, seconds: number): string {
  return `✔ ${label}: ${made} → ${where} in ${formatDuration(seconds)}`;
}

/**
 * Progress for a terminal: a redrawn bar when stderr is a TTY, otherwise a plain line per phase
 * and at most one status line every `intervalMs` (so CI logs stay readable).
 */
export function terminalProgress(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
  intervalMs = 5000,
): Progress & { finish(): void } {
  const tty = Boolean(stream.isTTY);
  let phase = '';
  let total: number | undefined;
  let lastLine = 0;
  let drawn = false;
  const started = Date.now();

  const clear = () => {
    if (tty && drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };

  return {
    phase(name, phaseTotal) {
      clear();
      phase = name;
      total = phaseTotal;
      lastLine = Date.now();
      stream.write(`[${label}] ${name}…\n`);
    },
    update(done, status) {
      const now = Date.now();
      const fraction = total ? Math.min(1, done / total) : undefined;
      const count = total ? `${done}/${total}` : `${done}`;
      const tail = `${count}${status ? ` ${status}` : ''} ${formatDuration((now - started) / 1000)}`;
      if (tty) {
        const width = 24;
        const bar =
          fraction === undefined
            ? ''
            : `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '.')}] `;
        stream.write(`\r\x1b[2K[${label}] ${phase} ${bar}${tail}`);
        drawn = true;
      } else if (now - lastLine >= intervalMs) {
        lastLine = now;
        stream.write(
          `[${label}] ${phase} ${fraction === undefined ? '' : `${Math.round(fraction * 100)}% `}${tail}\n`,
        );
      }
    },
    log(message) {
      clear();
      stream.write(`[${label}] ${message}\n`);
    },
    finish: clear,
  };
}

import { performance } from 'node:perf_hooks';

/** A one-line progress bar on stderr: done/total, rate and time left. */
export class ProgressBar {
  readonly #started = performance.now();
  #lastDrawn = 0;

  constructor(
    private readonly total: number,
    private readonly unit: string,
  ) {}

  update(done: number): void {
    const now = performance.now();
    if (now - this.#lastDrawn < (process.stderr.isTTY ? 250 : 5000) && done < this.total) return;
    this.#lastDrawn = now;
    const seconds = (now - this.#started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const left = rate > 0 ? (this.total - done) / rate : 0;
    const width = 30;
    const filled = Math.round((done / this.total) * width);
    const line =
      `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${((done / this.total) * 100).toFixed(1).padStart(5)}% ` +
      `${done.toLocaleString('en')}/${this.total.toLocaleString('en')} ${this.unit}  ` +
      `${Math.round(rate).toLocaleString('en')}/s  ETA ${formatDuration(left)}`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
  }

  done(): void {
    this.update(this.total);
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

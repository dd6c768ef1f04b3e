/** A latency distribution as the report draws it: counts per bucket (upper bounds in ms, the last one open). */
export interface LatencyHistogram {
  /** The SVG's file name under bench/, without extension. */
  file: string;
  title: string;
  buckets: { upToMs: number | null; count: number }[];
}

const BOUNDS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

/** Buckets `samples` (ms) on a 1-2-5 scale, so fast and slow tails share one readable chart. */
export function latencyHistogram(file: string, title: string, samples: readonly number[]): LatencyHistogram {
  const buckets = [...BOUNDS_MS.map((upToMs) => ({ upToMs: upToMs as number | null, count: 0 })), { upToMs: null, count: 0 }];
  for (const sample of samples) {
    const index = BOUNDS_MS.findIndex((bound) => sample <= bound);
    buckets[index === -1 ? BOUNDS_MS.length : index]!.count++;
  }
  return { file, title, buckets };
}

/** A bar chart of the histogram as a standalone SVG (no dependency: plain markup). */
export function histogramSvg({ title, buckets }: LatencyHistogram): string {
  const [width, height, left, bottom, top] = [720, 300, 50, 40, 40];
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0) || 1;
  const tallest = Math.max(...buckets.map((bucket) => bucket.count), 1);
  const slot = (width - left - 10) / buckets.length;
  const bars = buckets.map((bucket, index) => {
    const barHeight = ((height - top - bottom) * bucket.count) / tallest;
    const x = left + index * slot;
    const y = height - bottom - barHeight;
    const label = bucket.upToMs === null ? `>${BOUNDS_MS.at(-1)}` : `≤${bucket.upToMs}`;
    const share = bucket.count === 0 ? '' : `${((100 * bucket.count) / total).toFixed(1)}%`;
    return [
      `<rect x="${x + 4}" y="${y.toFixed(1)}" width="${(slot - 8).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="#3b82f6"/>`,
      `<text x="${x + slot / 2}" y="${height - bottom + 16}" font-size="11" text-anchor="middle">${label}</text>`,
      share ? `<text x="${x + slot / 2}" y="${(y - 4).toFixed(1)}" font-size="10" text-anchor="middle">${share}</text>` : '',
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" font-size="14" text-anchor="middle">${escapeXml(title)} (n = ${total})</text>`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - 10}" y2="${height - bottom}" stroke="#333"/>`,
    ...bars,
    `<text x="${width / 2}" y="${height - 6}" font-size="11" text-anchor="middle">latency bucket (ms)</text>`,
    '</svg>',
    '',
  ].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

import { tokenDigest } from '@app/platform';
import { timingSafeEqual } from 'node:crypto';

interface SourceKey {
  source: string;
  hash: Buffer;
}

/**
 * The senders allowed to post events: `<source>:<sha256 hex of key>` pairs
 * (INGEST_API_KEYS). Only hashes are configured; a presented key is hashed and
 * compared with every entry in constant time.
 */
export class IngestApiKeys {
  private readonly keys: SourceKey[];

  constructor(setting: string) {
    this.keys = setting
      .split(',')
      .filter(Boolean)
      .map((entry) => {
        const separator = entry.lastIndexOf(':');
        return { source: entry.slice(0, separator), hash: Buffer.from(entry.slice(separator + 1), 'hex') };
      });
  }

  /** The source the key belongs to, or undefined. */
  sourceOf(presentedKey: string): string | undefined {
    const presented = tokenDigest(presentedKey);
    let found: string | undefined;
    // Every entry is compared, so the time taken does not tell which one matched.
    for (const { source, hash } of this.keys) if (timingSafeEqual(presented, hash) && found === undefined) found = source;
    return found;
  }
}

import { hashToken } from '@app/platform';
import { IngestApiKeys } from './ingest-api-keys';

describe('IngestApiKeys', () => {
  const keys = new IngestApiKeys(`csms-north:${hashToken('north-key')},csms-south:${hashToken('south-key')}`);

  it('names the source a key belongs to', () => {
    expect(keys.sourceOf('north-key')).toBe('csms-north');
    expect(keys.sourceOf('south-key')).toBe('csms-south');
  });

  it('knows no other key, not even a configured hash presented as a key', () => {
    expect(keys.sourceOf('north-key ')).toBeUndefined();
    expect(keys.sourceOf(hashToken('north-key'))).toBeUndefined();
    expect(keys.sourceOf('')).toBeUndefined();
  });

  it('accepts nobody when no key is configured', () => {
    expect(new IngestApiKeys('').sourceOf('anything')).toBeUndefined();
  });
});

import { isDeepStrictEqual } from 'node:util';

/** One difference between two OCPI objects. */
export interface JsonDifference {
  /** Path like `evses[E1].connectors[1].tariff_ids`: list items are named by their uid or id. */
  path: string;
  ours: unknown;
  theirs: unknown;
}

/**
 * The differences between our object and the IOP's, ignoring `last_updated`
 * (the IOP may stamp its own). Lists of EVSEs/connectors are matched by uid/id,
 * so an order change is no difference.
 */
export function diffJson(ours: unknown, theirs: unknown, path = ''): JsonDifference[] {
  if (isDeepStrictEqual(ours, theirs)) return [];
  if (isKeyedList(ours) && isKeyedList(theirs)) {
    const keys = new Set([...ours.map(keyOf), ...theirs.map(keyOf)]);
    return [...keys].flatMap((key) =>
      diffJson(
        ours.find((item) => keyOf(item) === key),
        theirs.find((item) => keyOf(item) === key),
        `${path}[${key}]`,
      ),
    );
  }
  if (isRecord(ours) && isRecord(theirs)) {
    const fields = new Set([...Object.keys(ours), ...Object.keys(theirs)]);
    fields.delete('last_updated');
    return [...fields].flatMap((field) => diffJson(ours[field], theirs[field], path ? `${path}.${field}` : field));
  }
  return [{ path: path || '(root)', ours, theirs }];
}

type Keyed = Record<string, unknown> & ({ uid: string } | { id: string });

function isKeyedList(value: unknown): value is Keyed[] {
  return Array.isArray(value) && value.every((item) => isRecord(item) && (typeof item.uid === 'string' || typeof item.id === 'string'));
}

function keyOf(item: Keyed): string {
  return String('uid' in item ? item.uid : item.id);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

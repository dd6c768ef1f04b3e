import { isPlainObject } from '../validation/ocpi-checks';
import type { ValidationIssue } from '../validation/validation-result';
import type { LocationLevel } from './validate-location';

/** Connector ratings that must be a real quantity: a 0 V or 0 A connector cannot charge (both versions' names). */
const RATINGS = ['max_voltage', 'max_amperage', 'max_electric_power', 'voltage', 'amperage'] as const;

/**
 * Rules the DTOs cannot express, for every version and profile: EVSE uids and
 * evse_ids are unique in a Location and connector ids in an EVSE (a receiver
 * addresses them by these ids: a duplicate makes one of them unreachable), and
 * connector ratings are at least 1.
 */
export function consistencyIssues(level: LocationLevel, body: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isPlainObject(body)) return issues;
  if (level === 'location') locationIssues(body, issues);
  else if (level === 'evse') evseIssues(body, '', issues);
  else connectorIssues(body, '', issues);
  return issues;
}

function locationIssues(location: Record<string, unknown>, issues: ValidationIssue[]): void {
  const evses = objects(location.evses);
  duplicates(evses, 'uid', 'evses', issues);
  duplicates(evses, 'evse_id', 'evses', issues);
  evses.forEach(([evse, i]) => evseIssues(evse, `evses[${i}].`, issues));
}

function evseIssues(evse: Record<string, unknown>, at: string, issues: ValidationIssue[]): void {
  const connectors = objects(evse.connectors);
  duplicates(connectors, 'id', `${at}connectors`, issues);
  connectors.forEach(([connector, i]) => connectorIssues(connector, `${at}connectors[${i}].`, issues));
}

function connectorIssues(connector: Record<string, unknown>, at: string, issues: ValidationIssue[]): void {
  for (const rating of RATINGS) {
    const value = connector[rating];
    if (typeof value === 'number' && value < 1) issues.push({ path: `${at}${rating}`, reason: 'must be at least 1' });
  }
}

/** The plain objects of a list, with their index. */
function objects(list: unknown): [Record<string, unknown>, number][] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, i): [Record<string, unknown>, number][] => (isPlainObject(item) ? [[item, i]] : []));
}

function duplicates(items: [Record<string, unknown>, number][], field: string, listPath: string, issues: ValidationIssue[]): void {
  const first = new Map<unknown, number>();
  for (const [item, i] of items) {
    const value = item[field];
    if (value === undefined || value === null) continue;
    const seen = first.get(value);
    if (seen === undefined) first.set(value, i);
    else issues.push({ path: `${listPath}[${i}].${field}`, reason: `duplicates ${listPath}[${seen}].${field} (${String(value)})` });
  }
}

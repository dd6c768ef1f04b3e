import type { OcpiVersion } from '../common/ocpi-version';
import { EvseStatus } from '../common/evse-status.enum';
import { isAbsentOrEmpty, isPlainObject } from '../validation/ocpi-checks';
import { propertyPath } from '../validation/issue-report';
import type { ValidationIssue } from '../validation/validation-result';

/**
 * The GIREVE profile: what GIREVE's IOP requires on top of the spec
 * (GIREVE_Tech_OCPI_V2.1.1 and V2.2.1, cpo_locations.md):
 * - owner.name and operator.name (the "brand name");
 * - every connector's tariff_id (2.1.1) / tariff_ids, at least one (2.2.1);
 * - every EVSE's capabilities (an empty list counts as absent, as for any `*`);
 * - every EVSE's evse_id unless its status is REMOVED, an eMI3 EVSE ID of the
 *   CPO's own operator: with operator FR*ABC it starts with FR*ABC or FRABC
 *   (definiton_roaming_uses_cases.md).
 * These run on the plain body after the spec rules and skip what is not the
 * right shape (the spec rules already report it).
 */
export interface GireveProfileOptions {
  /** The CPO operation's eMI3 operator ID, e.g. FR*ABC (FRABC is accepted too). */
  emi3OperatorId: string;
}

/** `full`: a PUT body, where a missing field is an error; `patch`: only the fields sent are checked. */
export type BodyKind = 'full' | 'patch';

const REQUIRED = 'required by GIREVE';
/** eMI3 / ISO 15118 EVSE ID (case-insensitive): country, optional `*`, 3-character operator, optional `*`, `E`, 1–30 characters. */
const EMI3_EVSE_ID = /^([A-Z]{2})\*?([A-Z0-9]{3})\*?E[A-Z0-9*]{1,30}$/i;
const EMI3_OPERATOR_ID = /^([A-Z]{2})\*?([A-Z0-9]{3})$/i;

export function isEmi3OperatorId(value: string): boolean {
  return EMI3_OPERATOR_ID.test(value);
}

export function gireveLocationIssues(version: OcpiVersion, location: unknown, options: GireveProfileOptions, kind: BodyKind = 'full'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isPlainObject(location)) return issues;
  const operator = operatorOf(options);
  for (const party of ['owner', 'operator'] as const) {
    if (kind === 'patch' && location[party] === undefined) continue;
    const details = location[party];
    // An empty or blank name is no name: GIREVE shows it as the brand.
    const missing = details === undefined || details === null || (isPlainObject(details) && (isAbsentOrEmpty(details.name) || String(details.name).trim() === ''));
    if (missing) issues.push({ path: `${party}.name`, reason: REQUIRED });
  }
  forEachObject(location.evses, 'evses', (evse, path) => evseIssues(version, evse, operator, 'full', path, issues));
  return issues;
}

export function gireveEvseIssues(version: OcpiVersion, evse: unknown, options: GireveProfileOptions, kind: BodyKind = 'full'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (isPlainObject(evse)) evseIssues(version, evse, operatorOf(options), kind, '', issues);
  return issues;
}

export function gireveConnectorIssues(version: OcpiVersion, connector: unknown, kind: BodyKind = 'full'): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (isPlainObject(connector)) connectorIssues(version, connector, kind, '', issues);
  return issues;
}

interface Operator {
  country: string;
  party: string;
  label: string;
}

function operatorOf({ emi3OperatorId }: GireveProfileOptions): Operator {
  const match = EMI3_OPERATOR_ID.exec(emi3OperatorId);
  // A configuration error, not an input error: fail loudly.
  if (!match) throw new RangeError(`emi3OperatorId must be an eMI3 operator ID such as FR*ABC, got "${emi3OperatorId}"`);
  const [country, party] = [match[1].toUpperCase(), match[2].toUpperCase()];
  return { country, party, label: `${country}*${party} (or ${country}${party})` };
}

function evseIssues(version: OcpiVersion, evse: Record<string, unknown>, operator: Operator, kind: BodyKind, path: string, issues: ValidationIssue[]): void {
  const at = (field: string) => propertyPath(path, field);
  if ((kind === 'full' || evse.capabilities !== undefined) && isAbsentOrEmpty(evse.capabilities)) issues.push({ path: at('capabilities'), reason: REQUIRED });
  const evseIdIssue = evseIdReason(evse, operator, kind);
  if (evseIdIssue) issues.push({ path: at('evse_id'), reason: evseIdIssue });
  forEachObject(evse.connectors, at('connectors'), (connector, connectorPath) => connectorIssues(version, connector, 'full', connectorPath, issues));
}

function evseIdReason(evse: Record<string, unknown>, operator: Operator, kind: BodyKind): string | null {
  const evseId = evse.evse_id;
  if (kind === 'patch' && evseId === undefined) return null;
  if (evseId === undefined || evseId === null || evseId === '') {
    return evse.status === EvseStatus.REMOVED ? null : `${REQUIRED} unless status is REMOVED`;
  }
  if (typeof evseId !== 'string') return null;
  const match = EMI3_EVSE_ID.exec(evseId);
  if (!match) return `must be an eMI3 EVSE ID such as ${operator.country}*${operator.party}*E123*1 (GIREVE)`;
  // eMI3 IDs are case-insensitive; the separator after the country code is optional.
  if (match[1].toUpperCase() !== operator.country || match[2].toUpperCase() !== operator.party) {
    return `must start with the CPO's eMI3 operator ID ${operator.label} (GIREVE)`;
  }
  return null;
}

function connectorIssues(version: OcpiVersion, connector: Record<string, unknown>, kind: BodyKind, path: string, issues: ValidationIssue[]): void {
  const field = version === '2.1.1' ? 'tariff_id' : 'tariff_ids';
  const value = connector[field];
  if (kind === 'patch' && value === undefined) return;
  if (isAbsentOrEmpty(value) || value === '') {
    issues.push({ path: propertyPath(path, field), reason: version === '2.1.1' ? REQUIRED : `${REQUIRED} (at least one tariff ID)` });
  }
}

function forEachObject(list: unknown, path: string, visit: (element: Record<string, unknown>, path: string) => void): void {
  if (!Array.isArray(list)) return;
  list.forEach((element: unknown, index) => {
    if (isPlainObject(element)) visit(element, `${path}[${index}]`);
  });
}

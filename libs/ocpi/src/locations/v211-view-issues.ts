import { isPlainObject } from '../validation/ocpi-checks';
import type { ValidationIssue } from '../validation/validation-result';
import { keptInV211Connector, keptInV211Evse, toV211 } from './to-v211';
import { type LocationValidationOptions, validateLocation } from './validate-location';

/** Where an EVSE of the 2.1.1 view, and each of its connectors, sits in the stored Location. */
interface ViewOrigin {
  evse: number;
  connectors: number[];
}

/**
 * Why a stored (2.2.1) Location cannot be served in OCPI 2.1.1: the problems
 * of its 2.1.1 view (toV211) under the same rules, and each EVSE toV211 leaves
 * out because none of its connector standards exists in 2.1.1. Field names are
 * 2.1.1's; indexes are the stored Location's, since toV211 drops EVSEs and
 * connectors and so shifts the view's.
 */
export function v211ViewIssues(location: Record<string, unknown>, options: LocationValidationOptions = {}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const origins: ViewOrigin[] = [];
  const evses = Array.isArray(location.evses) ? location.evses : [];
  evses.forEach((evse: unknown, index) => {
    if (!isPlainObject(evse)) return;
    const connectors: unknown[] = Array.isArray(evse.connectors) ? evse.connectors : [];
    if (!keptInV211Evse(evse)) {
      const standards = [...new Set(connectors.map((connector) => String((connector as Record<string, unknown>).standard)))].join(', ');
      issues.push({ path: `evses[${index}].connectors`, reason: `none of its connector standards (${standards}) exists in 2.1.1, so the EVSE would be left out` });
      return;
    }
    origins.push({ evse: index, connectors: connectors.flatMap((connector, at) => (isPlainObject(connector) && !keptInV211Connector(connector) ? [] : [at])) });
  });
  const view = validateLocation('2.1.1', toV211(location), options);
  if (!view.ok) issues.push(...view.errors.map((issue) => ({ ...issue, path: storedPath(issue.path, origins) })));
  return issues;
}

function storedPath(viewPath: string, origins: ViewOrigin[]): string {
  return viewPath.replace(/^evses\[(\d+)\](?:\.connectors\[(\d+)\])?/, (whole, evse: string, connector: string | undefined) => {
    const origin = origins[Number(evse)];
    if (!origin) return whole;
    return connector === undefined ? `evses[${origin.evse}]` : `evses[${origin.evse}].connectors[${origin.connectors[Number(connector)] ?? connector}]`;
  });
}

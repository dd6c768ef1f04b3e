import { PRESENCE_RULES, SHAPE_RULES } from './ocpi-decorators';
import type { ValidationIssue } from './validation-result';

/** A failed rule on one property: class-validator's constraint name and message. */
export type Failure = readonly [name: string, message: string];

/**
 * How the failures of one property become issues; shared by both executors so
 * they report alike. Returns whether the nested fields should be looked at.
 * - A missing field is reported as missing only (not also "must be a string").
 * - A field of the wrong shape (not an object, not a list) hides its contents.
 * - Element reasons (`[i] reason`, see eachElement) get their own paths.
 */
export function reportFailures(path: string, failures: readonly Failure[], issues: ValidationIssue[]): boolean {
  if (failures.length === 0) return true;
  const presence = failures.filter(([name]) => PRESENCE_RULES.has(name));
  const reported = presence.length > 0 ? presence : failures;
  const seen = new Set<string>();
  for (const [, message] of reported) {
    for (const line of message.split('\n')) {
      const element = /^\[(\d+)\] (.*)$/s.exec(line);
      const issue = element ? { path: `${path}[${element[1]}]`, reason: element[2] } : { path, reason: line };
      const key = `${issue.path}\u0000${issue.reason}`;
      if (!seen.has(key)) issues.push(issue);
      seen.add(key);
    }
  }
  return presence.length === 0 && !failures.some(([name]) => SHAPE_RULES.has(name));
}

export function propertyPath(parent: string, property: string): string {
  return parent === '' ? property : `${parent}.${property}`;
}

import { ValidationTypes } from 'class-validator';
import { PRESENCE_RULES, SHAPE_RULES } from './ocpi-decorators';
import type { ValidationIssue } from './validation-result';

/** The reason for an unknown property (unknownFields: 'report'); class-validator's own message quotes the name. */
export const UNKNOWN_FIELD = 'unknown field';

/** A failed rule on one property: class-validator's constraint name and message. */
export type Failure = readonly [name: string, message: string];

/**
 * How the failures of one property become issues; shared by both executors so
 * they report alike. Returns whether the nested fields should be looked at.
 * - A missing field is reported as missing only (not also "must be a string").
 * - A field of the wrong shape (not an object, not a list) hides its contents.
 * - class-validator's ValidateNested message is dropped when an OCPI rule already failed.
 * - Element reasons (`[i] reason`, see eachElement) get their own paths.
 */
export function reportFailures(path: string, failures: readonly Failure[], issues: ValidationIssue[]): boolean {
  if (failures.length === 0) return true;
  const presence = failures.filter(([name]) => PRESENCE_RULES.has(name));
  // class-validator's own "not an object" (ValidateNested) only adds something when no OCPI rule spoke.
  const ocpiFailures = failures.filter(([name]) => name !== ValidationTypes.NESTED_VALIDATION);
  const reported = presence.length > 0 ? presence : ocpiFailures.length > 0 ? ocpiFailures : failures;
  const seen = new Set<string>();
  for (const [name, message] of reported) {
    for (const line of (name === ValidationTypes.WHITELIST ? UNKNOWN_FIELD : message).split('\n')) {
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

/** One problem: where (`evses[2].connectors[0].tariff_id`; '' is the body itself) and why. */
export interface ValidationIssue {
  path: string;
  reason: string;
}

/** Validators never throw on input: they return the typed value or every problem found. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

export function validationResult<T>(input: unknown, errors: ValidationIssue[]): ValidationResult<T> {
  return errors.length === 0 ? { ok: true, value: input as T } : { ok: false, errors };
}

/**
 * Unknown properties: `ignore` (the default) neither reports nor strips them,
 * since OCPI allows extensions (GIREVE adds gireve_id); `report` lists each as
 * `unknown field`, e.g. to catch typos in a CPO's own data.
 */
export type UnknownFields = 'ignore' | 'report';

import { validateCompiled } from './compiled-validator';
import type { DtoClass } from './ocpi-decorators';
import { type UnknownFields, type ValidationIssue, type ValidationResult, validationResult } from './validation-result';

/**
 * Validates a parsed JSON body against a DTO class and optional extra rules
 * (a profile), never throwing. Extra issues at a path the DTO rules already
 * reported are dropped: one reason per problem.
 *
 * Unknown properties are not stripped: the value returned is the input
 * itself, typed, not a copy. They are reported only on request (UnknownFields).
 */
export function validateDto<T>(dto: DtoClass, input: unknown, options: { extraRules?: (input: unknown) => ValidationIssue[]; unknownFields?: UnknownFields } = {}): ValidationResult<T> {
  const { extraRules, unknownFields } = options;
  return neverThrowing(() => {
    const issues = validateCompiled(dto, input, unknownFields);
    if (extraRules) {
      const reported = new Set(issues.map((issue) => issue.path));
      issues.push(...extraRules(input).filter((issue) => !reported.has(issue.path)));
    }
    return validationResult<T>(input, issues);
  });
}

/** Validates a JSON list body (`+` with min 1, `*` with 0) whose elements are `dto` objects; paths start with `[i]`. */
export function validateDtoList<T>(dto: DtoClass, input: unknown, min: number, unknownFields?: UnknownFields): ValidationResult<T[]> {
  return neverThrowing(() => {
    if (!Array.isArray(input)) return { ok: false, errors: [{ path: '', reason: 'must be an array' }] };
    if (input.length < min) return { ok: false, errors: [{ path: '', reason: `must contain at least ${min} element${min === 1 ? '' : 's'}` }] };
    const issues = input.flatMap((element: unknown, index) =>
      validateCompiled(dto, element, unknownFields).map(({ path, reason }) => ({ path: path === '' || path.startsWith('[') ? `[${index}]${path}` : `[${index}].${path}`, reason })),
    );
    return validationResult<T[]>(input, issues);
  });
}

function neverThrowing<T>(validate: () => ValidationResult<T>): ValidationResult<T> {
  try {
    return validate();
  } catch (error: unknown) {
    // Not expected for any JSON input (the specs fuzz it); kept so a bug cannot turn a bad body into a 500.
    return { ok: false, errors: [{ path: '', reason: `could not be validated: ${error instanceof Error ? error.message : String(error)}` }] };
  }
}

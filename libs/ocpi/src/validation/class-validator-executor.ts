import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { isPlainObject } from './ocpi-checks';
import type { DtoClass } from './ocpi-decorators';
import { type Failure, propertyPath, reportFailures } from './issue-report';
import type { UnknownFields, ValidationIssue } from './validation-result';

/**
 * The reference executor: class-transformer + class-validator as they are
 * (plainToInstance, validateSync), with the ValidationError tree flattened
 * into paths. Some 25 times slower than the compiled executor (see the
 * benchmark); kept as the reference the specs compare it with.
 */
export function validateWithClassValidator(dto: DtoClass, input: unknown, unknownFields: UnknownFields = 'ignore'): ValidationIssue[] {
  if (!isPlainObject(input)) return [{ path: '', reason: 'must be an object' }];
  try {
    const instance = plainToInstance(dto, input) as object;
    const issues: ValidationIssue[] = [];
    // forbidNonWhitelisted reports unknown properties instead of stripping them.
    const options = unknownFields === 'report' ? { whitelist: true, forbidNonWhitelisted: true } : {};
    flatten(validateSync(instance, options), '', issues);
    return issues;
  } catch (error: unknown) {
    // class-transformer copies unknown properties recursively; absurdly deep ones overflow the stack.
    return [{ path: '', reason: `could not be validated: ${error instanceof Error ? error.message : String(error)}` }];
  }
}

function flatten(errors: readonly ValidationError[], parent: string, issues: ValidationIssue[]): void {
  for (const error of errors) {
    // Array elements come back as properties "0", "1"… of the array.
    const path = Array.isArray(error.target) ? `${parent}[${error.property}]` : propertyPath(parent, error.property);
    const failures: Failure[] = Object.entries(error.constraints ?? {});
    if (reportFailures(path, failures, issues) && error.children) flatten(error.children, path, issues);
  }
}

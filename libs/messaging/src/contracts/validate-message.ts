import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { surelyValid } from './contract-fast-path';

/** A message that failed its contract: which fields and why. */
export class InvalidMessageError extends Error {
  constructor(
    readonly contract: string,
    readonly problems: string[],
  ) {
    super(`${contract} invalid: ${problems.join('; ')}`);
  }
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => `${path}: ${reason}`);
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/**
 * Checks a plain object against its contract and returns it typed, or throws
 * InvalidMessageError listing every problem. Producers and consumers both call
 * it, so a message is checked the same way on each side of Kafka. A valid
 * message is the object given (see contract-fast-path); the rest is judged by
 * class-transformer + class-validator, whose instance it then returns.
 */
export function validateMessage<T extends object>(contract: ClassConstructor<T>, plain: unknown): T {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new InvalidMessageError(contract.name, ['message must be a JSON object']);
  }
  if (surelyValid(contract, plain as Record<string, unknown>)) return plain as T;
  const instance = plainToInstance(contract, plain);
  const problems = flatten(validateSync(instance, { forbidUnknownValues: true }));
  if (problems.length > 0) throw new InvalidMessageError(contract.name, problems);
  return instance;
}

/** Decodes a Kafka message value (JSON bytes) into a validated contract instance. */
export function decodeMessage<T extends object>(contract: ClassConstructor<T>, value: Buffer | null): T {
  if (value === null) throw new InvalidMessageError(contract.name, ['message has no value']);
  let plain: unknown;
  try {
    plain = JSON.parse(value.toString('utf8'));
  } catch {
    throw new InvalidMessageError(contract.name, ['value is not JSON']);
  }
  return validateMessage(contract, plain);
}

import { type ClassConstructor, plainToInstance } from 'class-transformer';
import { getMetadataStorage, type MetadataStorage, ValidationTypes, type ValidatorConstraintInterface } from 'class-validator';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

/*
 * Why: validateMessage's reference path (plainToInstance, then validateSync)
 * costs 11-18 µs a message, mostly for work that a valid message does not need:
 * a copy of the message, and a search of every registered class's metadata
 * (class-validator tests `instanceof` against each) for every object. That is
 * a tenth of an import's CPU and of gireve-push's per status event (profiled).
 *
 * This path reads each contract's metadata once into a plan and runs the very
 * same constraint functions on the parsed JSON. It only ever says "valid" when
 * validateSync would run exactly these checks and each passes; for anything
 * else (a failed check, a shape the plan does not judge) it says "don't know",
 * and validateMessage asks the reference, whose answer and messages stand.
 */

interface ConstraintPlan {
  metadata: ValidationMetadata;
  validator: ValidatorConstraintInterface;
}

interface PropertyPlan {
  property: string;
  /** The IsOptional/ValidateIf conditions: when one is false, validateSync skips the property. */
  conditions: ((object: object, value: unknown) => boolean)[];
  constraints: ConstraintPlan[];
  /** ValidateNested with its class-transformer @Type: the class each object (or each element of an array) is checked against. */
  nested: ClassConstructor<object> | undefined;
}

const plans = new Map<ClassConstructor<object>, PropertyPlan[]>();

/** True only if validateSync(plainToInstance(contract, plain), { forbidUnknownValues: true }) finds nothing; false: ask it. */
export function surelyValid(contract: ClassConstructor<object>, plain: Record<string, unknown>): boolean {
  for (const property of planOf(contract)) {
    const value = plain[property.property];
    if (!conditionsHold(property, plain, value)) continue;
    for (const { metadata, validator } of property.constraints) {
      if (validator.validate(value, { targetName: contract.name, property: property.property, object: plain, value, constraints: metadata.constraints }) !== true) return false;
    }
    if (property.nested !== undefined && value !== undefined && !nestedSurelyValid(property.nested, value)) return false;
  }
  return true;
}

function conditionsHold(property: PropertyPlan, object: object, value: unknown): boolean {
  for (const condition of property.conditions) if (!condition(object, value)) return false;
  return true;
}

/** A plain object, or an array of plain objects, each valid; any other shape is left to the reference. */
function nestedSurelyValid(type: ClassConstructor<object>, value: unknown): boolean {
  if (Array.isArray(value)) return value.every((element) => isPlainObject(element) && surelyValid(type, element));
  return isPlainObject(value) && surelyValid(type, value);
}

/** An object made by JSON.parse or a literal, in this realm or another (a vm context's, a test runner's). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype !== null && Object.getPrototypeOf(prototype) === null && Object.prototype.toString.call(value) === '[object Object]';
}

function planOf(contract: ClassConstructor<object>): PropertyPlan[] {
  let plan = plans.get(contract);
  if (!plan) {
    plan = compile(contract);
    plans.set(contract, plan);
  }
  return plan;
}

/**
 * The plan supports what the contracts use, and refuses anything else when it is built (a programming error
 * the spec over every contract would show): groups, always, validateIf, each on a constraint, IsDefined,
 * ValidateNested without @Type, a class without rules (forbidUnknownValues would reject its objects).
 */
function compile(contract: ClassConstructor<object>): PropertyPlan[] {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(contract, '', false, false);
  if (metadatas.length === 0) throw new Error(`${contract.name}: no validation rules`);
  return Object.entries(storage.groupByPropertyName(metadatas)).map(([property, group]) => {
    const where = `${contract.name}.${property}`;
    const plan: PropertyPlan = { property, conditions: [], constraints: [], nested: undefined };
    for (const metadata of group) {
      if (metadata.groups?.length || metadata.always || metadata.validateIf) throw new Error(`${where}: groups, always and validateIf are not supported`);
      if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) plan.conditions.push(metadata.constraints[0]);
      else if (metadata.type === ValidationTypes.NESTED_VALIDATION) plan.nested = nestedType(contract, property);
      else if (metadata.type === ValidationTypes.CUSTOM_VALIDATION && !metadata.each) plan.constraints.push(...constraintsOf(storage, metadata));
      else throw new Error(`${where}: ${metadata.name ?? metadata.type}${metadata.each ? ' with each' : ''} is not supported`);
    }
    return plan;
  });
}

function constraintsOf(storage: MetadataStorage, metadata: ValidationMetadata): ConstraintPlan[] {
  return storage.getTargetValidatorConstraints(metadata.constraintCls).map((constraint) => {
    if (constraint.async) throw new Error(`${metadata.propertyName}: async constraints are not supported`);
    return { metadata, validator: constraint.instance };
  });
}

function nestedType(contract: ClassConstructor<object>, property: string): ClassConstructor<object> {
  // The class the reference's plainToInstance gives a nested object (its @Type), asked of plainToInstance itself.
  const probe = (plainToInstance(contract, { [property]: {} }) as Record<string, unknown>)[property];
  const type = (probe as object).constructor as ClassConstructor<object>;
  if (type === Object) throw new Error(`${contract.name}.${property}: ValidateNested needs @Type`);
  planOf(type); // its own rules are checked now, not on the first message
  return type;
}

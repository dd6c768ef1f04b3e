import { getMetadataStorage, type MetadataStorage, ValidationTypes } from 'class-validator';
import { type Check, isPlainObject } from './ocpi-checks';
import { type DtoClass, isOcpiRule, nestedTypeOf, type OcpiRuleConstraints, SHAPE_RULES } from './ocpi-decorators';
import { type Failure, reportFailures, UNKNOWN_FIELD } from './issue-report';
import type { UnknownFields, ValidationIssue } from './validation-result';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

/**
 * The compiled executor: runs the class-validator rules of a DTO class
 * straight on the parsed JSON, with class-validator's semantics, but without
 * what makes class-validator slow on big nested bodies — plainToInstance
 * copies, a search through every registered class for every object, a
 * ValidationError per property. Each class's metadata is read once into a
 * plan. It supports exactly what ocpi-decorators.ts produces and refuses
 * anything else when a plan is built (a programming error, never an input
 * error). The specs check that it reports exactly what
 * validateWithClassValidator does.
 */
export function validateCompiled(dto: DtoClass, input: unknown, unknownFields: UnknownFields = 'ignore'): ValidationIssue[] {
  if (!isPlainObject(input)) return [{ path: '', reason: 'must be an object' }];
  const issues: ValidationIssue[] = [];
  runPlan(planOf(dto), input, [], { issues, reportUnknown: unknownFields === 'report' });
  return issues;
}

/** What a run collects, and how. */
interface Run {
  issues: ValidationIssue[];
  reportUnknown: boolean;
}

/** One rule: its class-validator name, how it judges a value (null = passes), and whether it judges undefined/null. */
interface RulePlan {
  name: string;
  check: Check;
  absentToo: boolean;
}

interface PropertyPlan {
  property: string;
  /** IsOptional: undefined or null skips the property. */
  optional: boolean;
  /** ValidateIf: when one is false, the property is skipped. */
  conditions: ((object: object, value: unknown) => boolean)[];
  /** IsDefined's message, when the property has it: checked first, as class-validator does. */
  required: string | null;
  /** The other rules, in declaration order. */
  rules: RulePlan[];
  nested: NestedPlan | undefined;
}

interface NestedPlan {
  type: DtoClass;
  /** Resolved on first use: classes may refer to each other before they are all defined. */
  plan?: ClassPlan;
}

interface ClassPlan {
  properties: PropertyPlan[];
  /** The names of `properties`, for unknownFields: 'report'. */
  known: ReadonlySet<string>;
}

const plans = new Map<DtoClass, ClassPlan>();

function planOf(dto: DtoClass): ClassPlan {
  let plan = plans.get(dto);
  if (!plan) {
    plan = compile(dto);
    plans.set(dto, plan);
  }
  return plan;
}

function compile(dto: DtoClass): ClassPlan {
  const storage = getMetadataStorage();
  const grouped = storage.groupByPropertyName(storage.getTargetValidationMetadatas(dto, '', false, false));
  const properties = Object.entries(grouped).map(([property, metadatas]) => {
    const where = `${dto.name}.${property}`;
    const plan: PropertyPlan = { property, optional: false, conditions: [], required: null, rules: [], nested: undefined };
    for (const metadata of metadatas) {
      if (metadata.groups?.length || metadata.always !== undefined || metadata.validateIf) throw new Error(`${where}: groups, always and validateIf options are not supported`);
      // ValidateNested's `each` only changes its message; a rule's `each` is done by eachElement instead.
      if (metadata.each && metadata.type !== ValidationTypes.NESTED_VALIDATION) throw new Error(`${where}: use { each: true } of ocpi-decorators`);
      if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION && metadata.name === 'isOptional') plan.optional = true;
      else if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) plan.conditions.push(metadata.constraints[0]);
      else if (metadata.type === ValidationTypes.NESTED_VALIDATION) plan.nested = nestedPlan(dto, property);
      else if (metadata.type === ValidationTypes.IS_DEFINED) plan.required = requiredMessage(metadata);
      else if (metadata.type === ValidationTypes.CUSTOM_VALIDATION && isOcpiRule(metadata.name ?? '')) plan.rules.push(ocpiRulePlan(metadata));
      else throw new Error(`${where}: ${metadata.name ?? metadata.type} is not an ocpi-decorators rule`);
    }
    const names = [...(plan.required === null ? [] : [ValidationTypes.IS_DEFINED]), ...plan.rules.map((rule) => rule.name)];
    if (new Set(names).size !== names.length) throw new Error(`${where}: two rules share a name (${names.join(', ')})`);
    // Nested/NestedList pair ValidateNested with a shape rule: nested plans then only ever see objects.
    if (plan.nested && !names.some((name) => SHAPE_RULES.has(name))) throw new Error(`${where}: ValidateNested without a shape rule`);
    return plan;
  });
  return { properties, known: new Set(Object.keys(grouped)) };
}

function ocpiRulePlan(metadata: ValidationMetadata): RulePlan {
  const [check, absentToo] = metadata.constraints as OcpiRuleConstraints;
  return { name: metadata.name ?? '', check, absentToo };
}

/** class-validator's IsDefined (neither undefined nor null), with the message Required() gives it. */
function requiredMessage(metadata: ValidationMetadata): string {
  if (typeof metadata.message !== 'string') throw new Error(`${metadata.propertyName}: IsDefined needs a message (use Required())`);
  return metadata.message;
}

function nestedPlan(dto: DtoClass, property: string): NestedPlan {
  const type = nestedTypeOf(dto, property);
  if (!type) throw new Error(`${dto.name}.${property}: use Nested()/NestedList() rather than ValidateNested`);
  return { type };
}

/*
 * The run: plain for-loops, and the path is a stack of segments turned into
 * text only when an issue is reported — this is the hot path (~500
 * properties per Location).
 */

function runPlan(plan: ClassPlan, object: Record<string, unknown>, path: string[], run: Run): void {
  // class-validator's whitelist check comes first, for each object.
  if (run.reportUnknown) reportUnknownFields(plan, object, path, run.issues);
  for (const property of plan.properties) {
    const value = object[property.property];
    const absent = value === undefined || value === null;
    if (absent && property.optional) continue;
    if (property.conditions.length > 0 && !conditionsHold(property, object, value)) continue;
    const failures = failuresOf(property, object, value, absent);
    const nested = value === undefined ? undefined : property.nested;
    if (failures.length === 0 && nested === undefined) continue;
    path.push(property.property);
    if ((failures.length === 0 || reportFailures(pathText(path), failures, run.issues)) && nested !== undefined) runNested(nested, value, path, run);
    path.pop();
  }
}

function reportUnknownFields(plan: ClassPlan, object: Record<string, unknown>, path: string[], issues: ValidationIssue[]): void {
  for (const key of Object.keys(object)) {
    if (plan.known.has(key)) continue;
    path.push(key);
    issues.push({ path: pathText(path), reason: UNKNOWN_FIELD });
    path.pop();
  }
}

function conditionsHold(property: PropertyPlan, object: object, value: unknown): boolean {
  for (const condition of property.conditions) if (!condition(object, value)) return false;
  return true;
}

const NO_FAILURES: readonly Failure[] = [];

function failuresOf(property: PropertyPlan, object: Record<string, unknown>, value: unknown, absent: boolean): readonly Failure[] {
  let failures: Failure[] | undefined;
  if (absent && property.required !== null) failures = [[ValidationTypes.IS_DEFINED, property.required]];
  for (const rule of property.rules) {
    if (absent && !rule.absentToo) continue;
    const reason = rule.check(value, object);
    if (reason !== null) (failures ??= []).push([rule.name, reason]);
  }
  // class-validator also fails ValidateNested on null and primitives, but a shape rule has then
  // failed too, and reportFailures drops ValidateNested's failure: it is left out here.
  return failures ?? NO_FAILURES;
}

/** ValidateNested, once the shape rule passed: an object against its class, or a list of objects element by element (`[i]`). */
function runNested(nested: NestedPlan, value: unknown, path: string[], run: Run): void {
  nested.plan ??= planOf(nested.type);
  if (isPlainObject(value)) {
    runPlan(nested.plan, value, path, run);
    return;
  }
  if (!Array.isArray(value)) return;
  for (let index = 0; index < value.length; index++) {
    const element: unknown = value[index];
    path.push(`[${index}]`);
    if (isPlainObject(element)) runPlan(nested.plan, element, path, run);
    path.pop();
  }
}

function pathText(segments: readonly string[]): string {
  return segments.reduce((text, segment) => (text === '' || segment.startsWith('[') ? text + segment : `${text}.${segment}`), '');
}

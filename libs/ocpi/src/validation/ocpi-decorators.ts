// class-transformer's @Type reads design-time types: the Reflect metadata API must be loaded first.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsDefined, IsOptional, registerDecorator, ValidateIf, ValidateNested } from 'class-validator';
import type { OcpiVersion } from '../common/ocpi-version';
import * as checks from './ocpi-checks';
import { type Check, isAbsentOrEmpty, isPlainObject, type StringFormat } from './ocpi-checks';

/**
 * The vocabulary every OCPI DTO is written in. Each decorator is a plain
 * class-validator decorator (class-validator is the source of truth for the
 * rules); the compiled executor (compiled-validator.ts) reads the same
 * metadata. Conventions both executors rely on:
 * - rule names are unique per property (class-validator keys errors by name);
 * - reasons are plain text without `$tokens`;
 * - value rules pass on undefined/null: only the cardinality decorators
 *   (Required, Optional, RequiredWhen) decide whether absence is an error.
 */

/** A DTO class: decorated properties, no constructor arguments. */
export type DtoClass = new () => object;

/** Rules whose failure means "missing": reported alone, hiding the field's other rules. */
export const PRESENCE_RULES: ReadonlySet<string> = new Set(['isDefined', 'ocpiRequiredWhen']);
/** Rules whose failure means "wrong shape": the nested fields are not looked at. */
export const SHAPE_RULES: ReadonlySet<string> = new Set(['ocpiObject', 'ocpiList', 'nestedValidation']);

/** The class of each property validated with Nested/NestedList; the compiled executor needs it (class-transformer's @Type is internal). */
const nestedTypes = new WeakMap<object, Map<string, () => DtoClass>>();

export function nestedTypeOf(dto: DtoClass, property: string): DtoClass | undefined {
  for (let prototype = dto.prototype; prototype; prototype = Object.getPrototypeOf(prototype)) {
    const type = nestedTypes.get(prototype)?.get(property);
    if (type) return type();
  }
  return undefined;
}

/** Cardinality `1`: present and not null. */
export function Required(): PropertyDecorator {
  return IsDefined({ message: 'required' });
}

/** Cardinality `?` or `*`: absent or null is fine and skips the field's other rules. */
export function Optional(): PropertyDecorator {
  return IsOptional();
}

/**
 * `?`/`*` field that becomes required when `condition` holds on the enclosing
 * object (an empty list counts as absent), e.g. 2.2.1 Hours.regular_hours
 * when twentyfourseven is false.
 */
export function RequiredWhen(condition: (object: Record<string, unknown>) => boolean, reason: string): PropertyDecorator {
  return compose(
    ValidateIf((object: Record<string, unknown>, value: unknown) => !isAbsentOrEmpty(value) || condition(object)),
    rule('ocpiRequiredWhen', (value) => (isAbsentOrEmpty(value) ? reason : null), { absentToo: true }),
  );
}

/** The field must be absent (or an empty list) when `condition` holds, e.g. publish_allowed_to when publish is true. */
export function ForbiddenWhen(condition: (object: Record<string, unknown>) => boolean, reason: string): PropertyDecorator {
  return rule('ocpiForbiddenWhen', (value, object) => (!isAbsentOrEmpty(value) && condition(object) ? reason : null));
}

interface EachOption {
  /** The field is a list; the rule applies to each element (path `field[i]`). */
  each?: boolean;
}

/** OCPI `string(n)` of that version. `nonEmpty` is for identifiers, which become URL path segments. */
export function IsOcpiString(version: OcpiVersion, maxLength: number, options: EachOption & { nonEmpty?: boolean } = {}): PropertyDecorator {
  return rule('ocpiString', checks.ocpiString(version, maxLength, options), options);
}

/** OCPI `CiString(n)`. */
export function IsCiString(maxLength: number, options: EachOption & { nonEmpty?: boolean } = {}): PropertyDecorator {
  return rule('ocpiCiString', checks.ciString(maxLength, options), options);
}

/** A string in one of the FORMATS (ISO codes, HH:MM). */
export function MatchesFormat(format: StringFormat): PropertyDecorator {
  return rule('ocpiFormat', checks.matches(format));
}

/** GeoLocation latitude/longitude with the version's decimals: '6' (2.1.1) or '5,7' (2.2.1). */
export function IsCoordinate(decimals: '6' | '5,7', axis: 'latitude' | 'longitude'): PropertyDecorator {
  return rule('ocpiCoordinate', checks.coordinate(decimals, axis));
}

/** No two list elements share the values of `keys`, e.g. Credentials roles (role, party_id, country_code). */
export function UniqueBy(keys: readonly string[]): PropertyDecorator {
  return rule('ocpiUnique', checks.uniqueBy(keys));
}

/** RegularHours.period_end: later than period_begin. */
export function LaterThan(field: string): PropertyDecorator {
  return rule('ocpiLaterThan', checks.laterThan(field));
}

/** DisplayText.text: no markup. */
export function NoMarkup(): PropertyDecorator {
  return rule('ocpiNoMarkup', checks.noMarkup());
}

/** OCPI DateTime, parsed by that version's rules, e.g. `@IsOcpiDateTime('2.2.1')`. */
export function IsOcpiDateTime(version: OcpiVersion): PropertyDecorator {
  return rule('ocpiDateTime', checks.dateTime(version));
}

export function IsOcpiUrl(): PropertyDecorator {
  return rule('ocpiUrl', checks.url());
}

export function IsOcpiInt(range: { min?: number; max?: number } = {}): PropertyDecorator {
  return rule('ocpiInt', checks.int(range));
}

export function IsOcpiNumber(range: { min?: number; max?: number } = {}): PropertyDecorator {
  return rule('ocpiNumber', checks.number(range));
}

export function IsOcpiBoolean(): PropertyDecorator {
  return rule('ocpiBoolean', checks.boolean());
}

/** One value of a TypeScript string enum. */
export function IsOcpiEnum(values: Record<string, string>, options: EachOption = {}): PropertyDecorator {
  return rule('ocpiEnum', checks.oneOf(Object.values(values)), options);
}

export function IsIanaTimeZone(): PropertyDecorator {
  return rule('ocpiTimeZone', checks.timeZone());
}

/** A nested object of class `type` (cardinality `1` or `?`). */
export function Nested(type: () => DtoClass): PropertyDecorator {
  return compose(
    rule('ocpiObject', (value) => (isPlainObject(value) ? null : 'must be an object')),
    ValidateNested({ message: 'must be an object' }),
    Type(type),
    registerNestedType(type),
  );
}

/** A list of objects of class `type` (`*`, or `+` with `min: 1`). */
export function NestedList(type: () => DtoClass, options: { min?: number } = {}): PropertyDecorator {
  return compose(rule('ocpiList', listShape(options.min ?? 0, true)), ValidateNested({ each: true, message: 'must be an object' }), Type(type), registerNestedType(type));
}

/** A list of values (`*`, or `+` with `min: 1`); combine with a rule using `{ each: true }`. */
export function List(options: { min?: number } = {}): PropertyDecorator {
  return rule('ocpiList', listShape(options.min ?? 0, false));
}

function listShape(min: number, ofObjects: boolean): Check {
  const elementsAreObjects = checks.eachElement((element) => (isPlainObject(element) ? null : 'must be an object'));
  return (value, object) => {
    if (!Array.isArray(value)) return 'must be an array';
    if (value.length < min) return `must contain at least ${min} element${min === 1 ? '' : 's'}`;
    return ofObjects ? elementsAreObjects(value, object) : null;
  };
}

function registerNestedType(type: () => DtoClass): PropertyDecorator {
  return (target, property) => {
    const types = nestedTypes.get(target) ?? new Map<string, () => DtoClass>();
    types.set(String(property), type);
    nestedTypes.set(target, types);
  };
}

/**
 * A class-validator rule from a check. The check and whether it also judges
 * absent values travel as the rule's constraints, so the compiled executor
 * calls the check directly. `absentToo` is for presence rules.
 */
function rule(name: string, check: Check, options: EachOption & { absentToo?: boolean } = {}): PropertyDecorator {
  const applied = options.each ? checks.eachElement(check) : check;
  const absentToo = options.absentToo ?? false;
  const run = (value: unknown, object: object) => (!absentToo && (value === undefined || value === null) ? null : applied(value, object as Record<string, unknown>));
  const constraints: OcpiRuleConstraints = [applied, absentToo];
  return (target, property) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(property),
      constraints,
      validator: {
        validate: (value, args) => run(value, args?.object ?? {}) === null,
        defaultMessage: (args) => run(args?.value, args?.object ?? {}) ?? '',
      },
    });
}

/** What an OCPI rule carries as constraints: its check, and whether it judges undefined/null too. */
export type OcpiRuleConstraints = [check: Check, absentToo: boolean];

/** Whether a rule (by its class-validator name) is one of this file's. */
export function isOcpiRule(name: string): boolean {
  return name.startsWith('ocpi');
}

function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => decorators.forEach((decorator) => decorator(target, property));
}

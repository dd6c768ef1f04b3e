import { getMetadataStorage, ValidateIf, ValidationTypes } from 'class-validator';

/**
 * A PATCH body class: the base class's rules, but its required fields may be
 * left out (sending null is still refused: PATCH cannot remove data, and a
 * required field has no "no value"). Fields listed in `keepRequired` stay
 * required, e.g. 2.2.1's last_updated ("Any request to the PATCH method SHALL
 * contain the last_updated field"). Nested objects and lists are whole values
 * in a PATCH, so they keep their full rules.
 */
export function PartialDto<T extends object, K extends keyof T & string = never>(base: new () => T, keepRequired: readonly K[] = []): new () => Partial<T> & Pick<T, K> {
  // The subclass inherits every rule; only the conditions added below are its own.
  const partial = class extends (base as new () => object) {};
  const storage = getMetadataStorage();
  const rules = storage.groupByPropertyName(storage.getTargetValidationMetadatas(base, '', false, false));
  for (const [property, metadatas] of Object.entries(rules)) {
    const required = metadatas.some((metadata) => metadata.type === ValidationTypes.IS_DEFINED);
    if (required && !(keepRequired as readonly string[]).includes(property)) {
      ValidateIf((_object: object, value: unknown) => value !== undefined)(partial.prototype, property);
    }
  }
  return partial as new () => Partial<T> & Pick<T, K>;
}

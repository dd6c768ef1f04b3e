// Shared values of both versions
export * from './common/connector-format.enum';
export * from './common/energy-source-category.enum';
export * from './common/environmental-impact-category.enum';
export * from './common/evse-status.enum';
export * from './common/image-category.enum';
export * from './common/module-id.enum';
export * from './common/ocpi-datetime';
export * from './common/ocpi-version';
export * from './common/parking-restriction.enum';
export * from './common/version-number.enum';

// Transport: envelope, Authorization header, 2.2.1 headers
export * from './envelope/ocpi-status-code';
export * from './envelope/ocpi-response';
export * from './auth/authorization-header';
export * from './headers/ocpi-headers';

// The DTOs of each version (class names end in V211 / V221)
export * from './v2-1-1';
export * from './v2-2-1';

// Validation, the GIREVE profile, version conversion
export * from './validation/validation-result';
export { validateDto, validateDtoList } from './validation/validate-dto';
// The decorator vocabulary, for DTOs of other modules (Tariffs, Sessions…) written the same way.
export {
  type DtoClass,
  ForbiddenWhen,
  IsCiString,
  IsCoordinate,
  IsIanaTimeZone,
  IsOcpiBoolean,
  IsOcpiDateTime,
  IsOcpiEnum,
  IsOcpiInt,
  IsOcpiNumber,
  IsOcpiString,
  IsOcpiUrl,
  LaterThan,
  List,
  MatchesFormat,
  Nested,
  NestedList,
  NoMarkup,
  Optional,
  Required,
  RequiredWhen,
  UniqueBy,
} from './validation/ocpi-decorators';
export { FORMATS, type StringFormat } from './validation/ocpi-checks';
export { PartialDto } from './validation/partial-dto';
export * from './locations/validate-location';
export * from './locations/gireve-profile';
export * from './locations/to-v211';
export * from './locations/to-v221';
export * from './locations/v211-view-issues';
export * from './credentials/validate-credentials';
export * from './versions/validate-versions';

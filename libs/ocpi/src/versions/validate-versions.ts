import type { OcpiVersion } from '../common/ocpi-version';
import { VersionDetailsV211, VersionV211 } from '../v2-1-1/versions/version.dto';
import { VersionDetailsV221, VersionV221 } from '../v2-2-1/versions/version.dto';
import { validateDto, validateDtoList } from '../validation/validate-dto';
import type { ValidationResult } from '../validation/validation-result';

/** Validates the data of a versions response: a list of at least one Version. Never throws. */
export function validateVersionList(version: '2.1.1', input: unknown): ValidationResult<VersionV211[]>;
export function validateVersionList(version: '2.2.1', input: unknown): ValidationResult<VersionV221[]>;
export function validateVersionList(version: OcpiVersion, input: unknown): ValidationResult<VersionV211[] | VersionV221[]>;
export function validateVersionList(version: OcpiVersion, input: unknown): ValidationResult<VersionV211[] | VersionV221[]> {
  return validateDtoList(version === '2.1.1' ? VersionV211 : VersionV221, input, 1);
}

/** Validates the data of a version details response. Never throws. */
export function validateVersionDetails(version: '2.1.1', input: unknown): ValidationResult<VersionDetailsV211>;
export function validateVersionDetails(version: '2.2.1', input: unknown): ValidationResult<VersionDetailsV221>;
export function validateVersionDetails(version: OcpiVersion, input: unknown): ValidationResult<VersionDetailsV211 | VersionDetailsV221>;
export function validateVersionDetails(version: OcpiVersion, input: unknown): ValidationResult<VersionDetailsV211 | VersionDetailsV221> {
  return validateDto(version === '2.1.1' ? VersionDetailsV211 : VersionDetailsV221, input);
}

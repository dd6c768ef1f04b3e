import type { OcpiVersion } from '../common/ocpi-version';
import { CredentialsV211 } from '../v2-1-1/credentials/credentials.dto';
import { CredentialsV221 } from '../v2-2-1/credentials/credentials.dto';
import { validateDto } from '../validation/validate-dto';
import type { UnknownFields, ValidationResult } from '../validation/validation-result';
import { trimUrls } from './trim-urls';

/** Validates a Credentials body (POST/PUT on credentials, or the data of their response), spaces around its URLs tolerated (trimUrls). Never throws. */
export function validateCredentials(version: '2.1.1', input: unknown, options?: { unknownFields?: UnknownFields }): ValidationResult<CredentialsV211>;
export function validateCredentials(version: '2.2.1', input: unknown, options?: { unknownFields?: UnknownFields }): ValidationResult<CredentialsV221>;
export function validateCredentials(version: OcpiVersion, input: unknown, options?: { unknownFields?: UnknownFields }): ValidationResult<CredentialsV211 | CredentialsV221>;
export function validateCredentials(version: OcpiVersion, input: unknown, options: { unknownFields?: UnknownFields } = {}): ValidationResult<CredentialsV211 | CredentialsV221> {
  return validateDto(version === '2.1.1' ? CredentialsV211 : CredentialsV221, trimUrls(input), options);
}

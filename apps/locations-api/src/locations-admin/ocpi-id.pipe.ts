import { BadRequestException, type PipeTransform } from '@nestjs/common';

/** OCPI's CiString(36): 1 to 36 printable ASCII characters (Location ids, EVSE uids). */
const OCPI_ID = /^[\x20-\x7e]{1,36}$/;

/**
 * Refuses a path id OCPI could not carry with a 400 naming it, before it
 * reaches the database (PostgreSQL refuses a NUL byte with an error, which
 * would answer 500). Used as an instance, `new OcpiIdPipe('id')`.
 */
export class OcpiIdPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (!OCPI_ID.test(value)) throw new BadRequestException(`${this.name}: must be 1 to 36 printable ASCII characters (OCPI CiString(36))`);
    return value;
  }
}

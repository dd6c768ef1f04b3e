import { BadRequestException, type PipeTransform } from '@nestjs/common';

/** Printable ASCII: both versions' ids (2.1.1 string, 2.2.1 CiString) are made of it. */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

export interface OcpiIdPipeOptions {
  /** Longest id accepted: 36 (2.2.1 CiString(36), what we store) unless the route also serves 2.1.1's string(39). */
  maxLength?: number;
  /** The error a refused id throws: 400 by default; the OCPI routes answer it inside the OCPI layer. */
  refuse?: (message: string) => Error;
}

/**
 * Refuses a path id OCPI could not carry with an error naming it, before it
 * reaches the database (PostgreSQL refuses a NUL byte with an error, which
 * would answer 500). Used as an instance, `new OcpiIdPipe('id')`.
 */
export class OcpiIdPipe implements PipeTransform<string, string> {
  private readonly maxLength: number;
  private readonly refuse: (message: string) => Error;

  constructor(
    private readonly name: string,
    { maxLength = 36, refuse = (message) => new BadRequestException(message) }: OcpiIdPipeOptions = {},
  ) {
    this.maxLength = maxLength;
    this.refuse = refuse;
  }

  transform(value: string): string {
    if (value.length > this.maxLength || !PRINTABLE_ASCII.test(value)) throw this.refuse(`${this.name}: must be 1 to ${this.maxLength} printable ASCII characters (an OCPI id)`);
    return value;
  }
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of an error answer outside OCPI (Nest's usual shape). */
export class ApiErrorDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'What was wrong; a list when several fields of the body were refused.',
    example: 'kind must be one of the following values: evse_status, location',
  })
  message!: string | string[];

  @ApiPropertyOptional({ example: 'Bad Request' })
  error?: string;
}

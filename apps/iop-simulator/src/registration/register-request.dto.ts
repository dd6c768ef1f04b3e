import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, IsUrl, Length } from 'class-validator';

/** Asks the simulator to register with a CPO as GIREVE does ("Register FromIOP"). */
export class RegisterRequestDto {
  @ApiProperty({ description: "The CPO's versions URL.", example: 'http://127.0.0.1:3003/ocpi/cpo/versions' })
  @IsUrl({ require_tld: false, require_protocol: true })
  versions_url!: string;

  @ApiProperty({ minLength: 1, maxLength: 64, description: 'Token A, handed over out of band by the CPO.' })
  @IsString()
  @Length(1, 64)
  token_a!: string;

  @ApiProperty({ enum: ['2.1.1', '2.2.1'] })
  @IsIn(['2.1.1', '2.2.1'])
  version!: '2.1.1' | '2.2.1';
}

/** What a registration gave the simulator. */
export class RegistrationResultDto {
  @ApiProperty({ enum: ['2.1.1', '2.2.1'] })
  version!: '2.1.1' | '2.2.1';

  @ApiProperty({ description: 'Token C, which the CPO handed back: the simulator calls the CPO with it from now on.' })
  token_c!: string;
}

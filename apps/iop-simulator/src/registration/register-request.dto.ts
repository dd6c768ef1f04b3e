import { IsIn, IsString, IsUrl, Length } from 'class-validator';

/** Asks the simulator to register with a CPO as GIREVE does ("Register FromIOP"). */
export class RegisterRequestDto {
  /** The CPO's versions URL. */
  @IsUrl({ require_tld: false, require_protocol: true })
  versions_url!: string;

  /** Token A, handed over out of band by the CPO. */
  @IsString()
  @Length(1, 64)
  token_a!: string;

  @IsIn(['2.1.1', '2.2.1'])
  version!: '2.1.1' | '2.2.1';
}

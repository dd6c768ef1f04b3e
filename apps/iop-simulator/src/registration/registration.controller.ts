import { Body, Controller, Post } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiBadRequestResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorDto } from '@app/platform';
import { RegisterRequestDto, RegistrationResultDto } from './register-request.dto';
import { RegistrationService } from './registration.service';

/** Admin API (not OCPI): make the simulator register with a CPO as GIREVE would. */
@ApiTags('registration')
@Controller('admin')
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  @Post('register')
  @ApiOperation({
    summary: 'Register with a CPO as GIREVE does',
    description: "With token A: reads the CPO's versions and version details, POSTs the simulator's credentials (a fresh token B) and keeps the token C the CPO answers.",
  })
  @ApiCreatedResponse({ type: RegistrationResultDto })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'The body is not a valid registration request.' })
  @ApiBadGatewayResponse({ type: ApiErrorDto, description: 'The CPO refused a step, or does not offer the version or a credentials endpoint.' })
  register(@Body() request: RegisterRequestDto): Promise<RegistrationResultDto> {
    return this.registration.register(request);
  }
}

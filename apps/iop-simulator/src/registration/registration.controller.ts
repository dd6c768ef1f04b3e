import { Body, Controller, Post } from '@nestjs/common';
import { RegisterRequestDto } from './register-request.dto';
import { RegistrationService } from './registration.service';

/** Admin API (not OCPI): make the simulator register with a CPO as GIREVE would. */
@Controller('admin')
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  @Post('register')
  register(@Body() request: RegisterRequestDto) {
    return this.registration.register(request);
  }
}

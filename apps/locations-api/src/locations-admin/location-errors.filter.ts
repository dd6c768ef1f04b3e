import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { LocationConflictError, LocationNotFoundError, LocationRejectedError } from '../location-store/location-store.service';

/** The store's refusals as admin API answers: 400 with every error listed, 404, 409. */
@Catch(LocationRejectedError, LocationNotFoundError, LocationConflictError)
export class LocationErrorsFilter implements ExceptionFilter {
  catch(error: LocationRejectedError | LocationNotFoundError | LocationConflictError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof LocationRejectedError) {
      response.status(HttpStatus.BAD_REQUEST).json({ statusCode: HttpStatus.BAD_REQUEST, message: 'Invalid Location', errors: error.errors });
    } else if (error instanceof LocationNotFoundError) {
      response.status(HttpStatus.NOT_FOUND).json({ statusCode: HttpStatus.NOT_FOUND, message: error.message });
    } else {
      response.status(HttpStatus.CONFLICT).json({ statusCode: HttpStatus.CONFLICT, message: error.message });
    }
  }
}

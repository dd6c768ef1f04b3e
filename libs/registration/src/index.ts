export * from './iop-registration.entity';
export * from './iop-registration';
export * from './iop-registration.service';
export * from './iop-registration.module';

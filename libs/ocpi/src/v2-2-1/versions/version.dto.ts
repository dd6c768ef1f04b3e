import { FORMATS } from '../../validation/ocpi-checks';
import { IsOcpiEnum, IsOcpiUrl, MatchesFormat, NestedList, Required } from '../../validation/ocpi-decorators';
import { InterfaceRole } from './interface-role.enum';

/** 2.2.1 Version (version_information_endpoint): one entry of the versions list. */
export class VersionV221 {
  @Required() @MatchesFormat(FORMATS.versionNumber) version!: string;
  /** The version details endpoint. */
  @Required() @IsOcpiUrl() url!: string;
}

/** 2.2.1 Endpoint: a module, the interface role it implements, its URL. For credentials the role is irrelevant (SENDER advised). */
export class EndpointV221 {
  /** A ModuleId, or a custom module ID. */
  @Required() @MatchesFormat(FORMATS.moduleId) identifier!: string;
  @Required() @IsOcpiEnum(InterfaceRole) role!: InterfaceRole;
  @Required() @IsOcpiUrl() url!: string;
}

/** 2.2.1 version details: the endpoints of one version. */
export class VersionDetailsV221 {
  @Required() @MatchesFormat(FORMATS.versionNumber) version!: string;
  @Required() @NestedList(() => EndpointV221, { min: 1 }) endpoints!: EndpointV221[];
}

import { FORMATS } from '../../validation/ocpi-checks';
import { IsOcpiUrl, MatchesFormat, NestedList, Required } from '../../validation/ocpi-decorators';

/** 2.1.1 Version (version_information_endpoint): one entry of the versions list. */
export class VersionV211 {
  @Required() @MatchesFormat(FORMATS.versionNumber) version!: string;
  /** The version details endpoint. */
  @Required() @IsOcpiUrl() url!: string;
}

/** 2.1.1 Endpoint: a module and its URL (no role in 2.1.1). */
export class EndpointV211 {
  /** A ModuleId, or a custom module ID. */
  @Required() @MatchesFormat(FORMATS.moduleId) identifier!: string;
  @Required() @IsOcpiUrl() url!: string;
}

/** 2.1.1 version details: the endpoints of one version. */
export class VersionDetailsV211 {
  @Required() @MatchesFormat(FORMATS.versionNumber) version!: string;
  @Required() @NestedList(() => EndpointV211, { min: 1 }) endpoints!: EndpointV211[];
}

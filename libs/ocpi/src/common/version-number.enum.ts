/**
 * VersionNumber (version_information_endpoint): the versions known to 2.2.1.
 * A partner may list later ones (2.3.0), so Version.version is validated as a
 * dotted number, not against this list.
 */
export enum VersionNumber {
  V2_0 = '2.0',
  /** Deprecated: use 2.1.1. */
  V2_1 = '2.1',
  V2_1_1 = '2.1.1',
  /** Deprecated: use 2.2.1. */
  V2_2 = '2.2',
  V2_2_1 = '2.2.1',
}

/** The OCPI versions this connector speaks. */
export type OcpiVersion = '2.1.1' | '2.2.1';
export const OCPI_VERSIONS: readonly OcpiVersion[] = ['2.1.1', '2.2.1'];

import { PartialDto } from '../../validation/partial-dto';
import { ConnectorV211 } from './connector.dto';
import { EvseV211 } from './evse.dto';
import { LocationV211 } from './location.dto';

/*
 * 2.1.1 PATCH bodies (mod_locations §2.2.3): only the changed fields;
 * last_updated is not required (GIREVE's examples send it anyway).
 */

export class LocationPatchV211 extends PartialDto(LocationV211) {}
export class EvsePatchV211 extends PartialDto(EvseV211) {}
export class ConnectorPatchV211 extends PartialDto(ConnectorV211) {}

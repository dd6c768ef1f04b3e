import { PartialDto } from '../../validation/partial-dto';
import { ConnectorV221 } from './connector.dto';
import { EvseV221 } from './evse.dto';
import { LocationV221 } from './location.dto';

/*
 * 2.2.1 PATCH bodies (mod_locations "PATCH Method"): only the changed fields,
 * plus last_updated, which every PATCH SHALL contain (missing it is OCPI 2001).
 */

export class LocationPatchV221 extends PartialDto(LocationV221, ['last_updated']) {}
export class EvsePatchV221 extends PartialDto(EvseV221, ['last_updated']) {}
export class ConnectorPatchV221 extends PartialDto(ConnectorV221, ['last_updated']) {}

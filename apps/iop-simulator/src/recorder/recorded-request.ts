/** One request the simulated IOP received, with what it answered. */
export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  version: string;
  location_id?: string;
  evse_uid?: string;
  connector_id?: string;
  body: unknown;
  headers: Record<string, string>;
  received_at: string;
  http_status: number;
  ocpi_status_code?: number;
  problems: string[];
  /** The injected fault that answered instead of the IOP, if any (see /admin/faults); applied_reset and held: applied as recorded, the answer lost. */
  fault?: string | null;
  completed_at?: string;
}

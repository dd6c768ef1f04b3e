import { Injectable } from '@nestjs/common';

type OcpiObject = Record<string, unknown>;

/**
 * What the simulated IOP holds for each CPO object, keyed by its URL path
 * (country/party/location[/evse[/connector]]). PUT replaces, PATCH merges.
 */
@Injectable()
export class LocationsStoreService {
  private readonly objects = new Map<string, OcpiObject>();

  put(key: string, body: OcpiObject): 'created' | 'updated' {
    const existed = this.objects.has(key);
    this.objects.set(key, { ...body });
    return existed ? 'updated' : 'created';
  }

  patch(key: string, body: OcpiObject): void {
    this.objects.set(key, { ...(this.objects.get(key) ?? {}), ...body });
  }

  get(key: string): OcpiObject | undefined {
    return this.objects.get(key);
  }

  clear(): void {
    this.objects.clear();
  }
}

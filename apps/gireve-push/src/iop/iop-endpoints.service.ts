import { Injectable } from '@nestjs/common';
import { formatAuthorizationHeader } from '@app/ocpi';
import { request } from 'undici';
import { GirevePushSettings } from '../gireve-push.settings';

interface VersionsBody {
  data?: { version: string; url: string }[];
}
interface DetailsBody {
  data?: { endpoints?: { identifier: string; role?: string; url: string }[] };
}

/** Finds the IOP's Locations receiver URL through its versions and version details, as OCPI requires. */
@Injectable()
export class IopEndpointsService {
  private locations?: Promise<string>;

  constructor(private readonly settings: GirevePushSettings) {}

  locationsUrl(): Promise<string> {
    this.locations ??= this.discover().catch((error: unknown) => {
      this.locations = undefined; // rediscover on the next call
      throw error;
    });
    return this.locations;
  }

  private async discover(): Promise<string> {
    const version = this.settings.IOP_OCPI_VERSION;
    const versions = await this.getJson<VersionsBody>(this.settings.IOP_VERSIONS_URL);
    const details = versions.data?.find((v) => v.version === version);
    if (!details) throw new Error(`IOP does not offer OCPI ${version}`);
    const endpoints = (await this.getJson<DetailsBody>(details.url)).data?.endpoints ?? [];
    const locations = endpoints.find((e) => e.identifier === 'locations' && (version === '2.1.1' || e.role === 'RECEIVER'));
    if (!locations) throw new Error(`IOP version ${version} has no Locations receiver endpoint`);
    return locations.url;
  }

  private async getJson<T>(url: string): Promise<T> {
    const response = await request(url, {
      headers: { authorization: formatAuthorizationHeader(this.settings.IOP_TOKEN, this.settings.IOP_OCPI_VERSION) },
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`GET ${url} answered HTTP ${response.statusCode}`);
    }
    return (await response.body.json()) as T;
  }
}

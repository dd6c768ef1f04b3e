import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { LocationEntity } from '../database/location.entity';

export interface LocationsPage {
  locations: Record<string, unknown>[];
  total: number;
}

/** Reads the Locations the IOP may see (published ones), in creation order. */
@Injectable()
export class LocationsService {
  constructor(@InjectRepository(LocationEntity) private readonly locations: Repository<LocationEntity>) {}

  async page(offset: number, limit: number): Promise<LocationsPage> {
    const [rows, total] = await this.locations.findAndCount({ where: { publish: true }, order: { seq: 'ASC' }, skip: offset, take: limit });
    return { locations: rows.map((row) => row.body), total };
  }
}

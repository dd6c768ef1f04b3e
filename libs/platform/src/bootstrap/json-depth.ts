import { BadRequestException } from '@nestjs/common';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * How deeply a JSON body may nest objects and arrays. Ours nest under 10
 * levels (an import: [Location, evses, EVSE, connectors, Connector,
 * tariff_ids]); recursive code downstream (class-transformer, validators,
 * conversions) overflows its stack on a few thousand levels, which answered
 * 500. Neither Express's nor Fastify's JSON parser has a depth option: the
 * parsed value is measured.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether a parsed JSON value nests objects and arrays deeper than `maxDepth`.
 * Any depth is safe to measure: the walk stops one level past the bound. It
 * allocates nothing: an import walks 25,000 Locations here, and the copies of
 * Object.values cost it a twelfth of its CPU (profiled).
 */
export function exceedsJsonDepth(value: unknown, maxDepth = MAX_JSON_DEPTH): boolean {
  return nestsDeeper(value, maxDepth);
}

function nestsDeeper(value: unknown, levelsLeft: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (levelsLeft === 0) return true;
  if (Array.isArray(value)) {
    for (const element of value as unknown[]) if (nestsDeeper(element, levelsLeft - 1)) return true;
    return false;
  }
  for (const key in value) if (nestsDeeper((value as Record<string, unknown>)[key], levelsLeft - 1)) return true;
  return false;
}

/** A 400 for a body that nests too deeply. */
export class JsonTooDeepException extends BadRequestException {
  constructor() {
    super(`The JSON body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels`);
  }
}

/**
 * The JSON body parser of an Express app (in `configure`, before any route):
 * Express's, with `options`, then the depth bound. The Fastify apps get the
 * same bound from fastifyAdapter.
 */
export function useJsonBodyParser(app: NestExpressApplication, options: NestExpressBodyParserOptionsFor<'json'> = {}): void {
  app.useBodyParser('json', options);
  app.use((request: Request, _response: Response, next: NextFunction) => next(exceedsJsonDepth(request.body) ? new JsonTooDeepException() : undefined));
}

import { Type } from 'class-transformer';
import { IsInt, IsNumber, Matches, Max, Min } from 'class-validator';
import type { Constructor } from '../config/common-settings';
import { Setting } from '../config/setting.decorator';

/** Adds the OpenTelemetry trace export settings (OTEL_* names, as the OpenTelemetry SDKs read them) to a settings class. */
export function WithTracing<TBase extends Constructor>(Base: TBase) {
  class TracingSettings extends Base {
    @Setting({
      description:
        'OTLP/HTTP endpoint traces are exported to (JSON, to `<endpoint>/v1/traces`), e.g. `http://otel-collector:4318`; empty: no tracing at all (no SDK is started, nothing is propagated).',
    })
    @Matches(/^(https?:\/\/\S+)?$/, { message: 'must be empty or an http(s):// URL' })
    OTEL_EXPORTER_OTLP_ENDPOINT = '';

    @Setting({ description: "Share of the traces started here that are recorded (0 to 1); a trace started upstream keeps its caller's decision." })
    @Type(() => Number)
    @IsNumber()
    @Min(0)
    @Max(1)
    OTEL_TRACES_SAMPLER_ARG = 1;

    @Setting({ description: 'How long (ms) finished spans wait to be exported together.' })
    @Type(() => Number)
    @IsInt()
    @Min(10)
    @Max(60000)
    OTEL_BSP_SCHEDULE_DELAY = 5000;
  }
  return TracingSettings;
}

/** Just the tracing settings: read before the app's modules load (start-tracing.ts). */
export class TracingSettings extends WithTracing(class {}) {}

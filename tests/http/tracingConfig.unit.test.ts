// OTEL_EXPORTER_OTLP_ENDPOINT is the OTLP/HTTP base URL (the OpenTelemetry specification's meaning):
// spans go to its `v1/traces`, and a value that is not an http(s) URL stops the server at start.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { tracesUrl } from '../../src/http/tracing.ts';

describe('OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('is off unless set (an empty value counts as unset), and names the service safeguarding-history by default', () => {
    const config = loadConfig({});
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(config.OTEL_SERVICE_NAME).toBe('safeguarding-history');
  });

  it('sends spans to v1/traces under the base URL, keeping its path', () => {
    expect(tracesUrl('http://127.0.0.1:4318')).toBe('http://127.0.0.1:4318/v1/traces');
    expect(tracesUrl('https://collector.example/otlp/')).toBe('https://collector.example/otlp/v1/traces');
  });

  it.each(['127.0.0.1:4318', 'grpc://127.0.0.1:4317', 'http://collector/?x=1', 'http://collector/v1 traces'])(
    'refuses %j at start with a clear message',
    (value) => {
      expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: value })).toThrow(ConfigError);
      expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: value })).toThrow(
        /OTEL_EXPORTER_OTLP_ENDPOINT: must be an http:\/\/ or https:\/\/ URL/,
      );
    },
  );
});

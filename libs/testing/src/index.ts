// Public API of the testing lib: the real-process stack harness, tokens and an API client.
export * from './api-client';
export * from './local-servers';
export * from './ports';
export * from './stack';
export * from './tokens';
export * from './wait';

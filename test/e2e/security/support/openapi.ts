/**
 * The route inventory of the security suites comes from the running gateway's OpenAPI document, so a
 * route added by any controller is attacked without anyone editing these tests.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type Operation = {
  method: HttpMethod;
  /** The OpenAPI path template, e.g. `/tasks/{ref}/retry`. */
  template: string;
  operationId: string;
  pathParams: string[];
  queryParams: string[];
  headerParams: string[];
  /** Component schema name of the JSON body (`CreateTaskBody`), when the operation takes one. */
  bodySchema?: string;
  /** Inline or component schema of the body, as the document gives it. */
  bodyJsonSchema?: JsonSchema;
};

export type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  $ref?: string;
  format?: string;
};

type OpenApiDocument = {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
};
type RawOperation = {
  operationId?: string;
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export async function fetchOpenApi(baseUrl: string): Promise<OpenApiDocument> {
  const response = await fetch(`${baseUrl}/tasks/docs/openapi.json`);
  if (response.status !== 200) throw new Error(`OpenAPI document: HTTP ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [rawMethod, raw] of Object.entries(item)) {
      const method = rawMethod.toUpperCase() as HttpMethod;
      if (!METHODS.includes(method)) continue;
      const parameters = raw.parameters ?? [];
      const schema = raw.requestBody?.content?.['application/json']?.schema;
      const ref = schema?.$ref?.split('/').pop();
      operations.push({
        method,
        template,
        operationId: raw.operationId ?? `${method} ${template}`,
        pathParams: [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        headerParams: parameters.filter((p) => p.in === 'header').map((p) => p.name),
        bodySchema: ref,
        bodyJsonSchema: ref ? document.components?.schemas?.[ref] : schema,
      });
    }
  }
  return operations;
}

export async function loadOperations(baseUrl: string): Promise<Operation[]> {
  return operationsOf(await fetchOpenApi(baseUrl));
}

/** The REST path of an operation with its parameters filled in (encoded), DRF trailing slash included. */
export function pathOf(operation: Operation, params: Record<string, string | number> = {}): string {
  const filled = operation.template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${operation.operationId}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
  return filled.endsWith('/') ? filled : `${filled}/`;
}

/** `/tasks/scheduled/calendars/{id}/preview` → `/tasks/scheduled/calendars`: where its ids come from. */
export function collectionOf(operation: Operation): string {
  const index = operation.template.indexOf('/{');
  return index < 0 ? operation.template : operation.template.slice(0, index);
}

export function label(operation: Operation): string {
  return `${operation.method} ${operation.template}`;
}

/** Collections the client creates objects in: POST on a path without parameters that answers with an object. */
export function creationOperations(operations: Operation[]): Operation[] {
  return operations.filter(
    (op) => op.method === 'POST' && op.pathParams.length === 0 && op.bodySchema !== undefined && /^Create\w+Body$/.test(op.bodySchema),
  );
}

import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document, generated from the same DTO classes the validation pipe enforces. */
export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('MEGAHUB Tasks')
    .setDescription(
      'Multi-tenant asynchronous tasks. Every call needs `Authorization: Bearer <jwt>` and `X-Brand-ID`. ' +
        'Errors: `{detail, error_code, field_errors}`, `field_errors` being `{}` when the error is not about fields. ' +
        'A method a path lacks is 405 with `Allow`. ' +
        'Lists (DRF): `page`, `page_size` (capped at 200; a page past the last is 404 "Invalid page."), `ordering` ' +
        '(empty values last), comma-list filters also as `__in`, booleans true/True/1 or false/False/0.',
    )
    .setVersion('1.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

export function serveOpenApi(app: INestApplication): void {
  const document = buildOpenApi(app);
  SwaggerModule.setup('tasks/docs', app, document, {
    jsonDocumentUrl: 'tasks/docs/openapi.json',
    yamlDocumentUrl: 'tasks/docs/openapi.yaml',
  });
}

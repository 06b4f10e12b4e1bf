import 'reflect-metadata';
import { startService } from '@app/platform';
import { AppModule } from './app.module';
import { loadConfigFromProcess } from './config';
import { createPersistenceDataSource } from './database/data-source';

async function main(): Promise<void> {
  const config = loadConfigFromProcess();
  await startService({
    service: config.service,
    module: AppModule.forRoot(config),
    nats: config.nats,
    httpPort: config.httpPort,
    logLevel: config.logLevel,
    shutdownGraceMs: config.shutdownGraceMs,
    database: { dataSource: createPersistenceDataSource(config), schema: config.database.schema },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`task-persistence failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

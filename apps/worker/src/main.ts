// Placeholder until the worker runtime lands (issue #3): stays up so `npm start` keeps the suite running.
process.stdout.write('worker: no handlers yet\n');
setInterval(() => undefined, 60_000);
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));

/**
 * Measures one execution: wall time, CPU time and peak resident memory of the worker process while it
 * ran. CPU and memory are the process's, so they are exact with concurrency 1 and an upper bound when
 * several handlers share the process.
 */
export class ResourceMeter {
  private readonly startedAt = process.hrtime.bigint();
  private readonly cpuAtStart = process.cpuUsage();
  private peakRss = process.memoryUsage.rss();

  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakRss) this.peakRss = rss;
  }

  finish(): { execution_time_ms: number; cpu_time_ms: number; memory_usage_mb: number } {
    this.sample();
    const cpu = process.cpuUsage(this.cpuAtStart);
    return {
      execution_time_ms: Math.round(Number(process.hrtime.bigint() - this.startedAt) / 1e6),
      cpu_time_ms: Math.round((cpu.user + cpu.system) / 1000),
      memory_usage_mb: Math.round((this.peakRss / (1024 * 1024)) * 10) / 10,
    };
  }
}

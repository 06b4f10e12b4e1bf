import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export const PALETTE = {
  ok: '#1f9d55',
  bad: '#d64545',
  info: '#2a5bd7',
  warn: '#d08a00',
  muted: '#8a94a6',
  violet: '#7a4fd6',
};

export type SeriesSpec = {
  label: string;
  color: string;
  fill?: boolean;
  bars?: boolean;
  format?: (v: number) => string;
  scale?: string;
};

/**
 * A time series chart (uPlot, canvas): x in Unix seconds, one array per series. Sized to its
 * container and redrawn when the container resizes (a phone held sideways, a sidebar opening).
 */
export function TimeChart({
  x,
  series,
  values,
  height = 220,
  yLabel,
  testId,
}: {
  x: number[];
  series: SeriesSpec[];
  values: Array<Array<number | null>>;
  height?: number;
  yLabel?: string;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = series.map((s) => `${s.label}:${s.bars ? 'b' : 'l'}`).join('|');

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      scales: { x: { time: true } },
      axes: [
        {
          stroke: 'currentColor',
          grid: { stroke: 'rgba(128,128,128,0.15)' },
          ticks: { stroke: 'rgba(128,128,128,0.3)' },
        },
        {
          stroke: 'currentColor',
          label: yLabel,
          size: 56,
          grid: { stroke: 'rgba(128,128,128,0.15)' },
          ticks: { stroke: 'rgba(128,128,128,0.3)' },
          values: (_u, ticks) => ticks.map((t) => (series[0]?.format ? series[0].format(t) : String(t))),
        },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.bars ? 0 : 2,
          fill: s.fill || s.bars ? `${s.color}${s.bars ? 'cc' : '22'}` : undefined,
          paths: s.bars ? uPlot.paths.bars?.({ size: [0.8, 40] }) : undefined,
          // Lines over sparse data (a bucket here and there) would be invisible without their points.
          points: { show: !s.fill && !s.bars, size: 5 },
          spanGaps: false,
          value: (_u: uPlot, v: number | null) =>
            v === null || v === undefined ? '—' : s.format ? s.format(v) : String(v),
        })),
      ],
    };
    plot.current = new uPlot(options, [x, ...values] as uPlot.AlignedData, element);
    const resize = new ResizeObserver(() =>
      plot.current?.setSize({ width: Math.max(200, element.clientWidth), height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [shape, height, yLabel]);

  useEffect(() => {
    plot.current?.setData([x, ...values] as uPlot.AlignedData);
  }, [x, values]);

  return <div class="chart" ref={host} data-testid={testId} />;
}

/** A horizontal bar chart for categories (per task type): plain HTML, readable at any width. */
export function BarList({
  rows,
  format,
  color = PALETTE.info,
  testId,
}: {
  rows: Array<{ label: string; value: number; extra?: string }>;
  format: (v: number) => string;
  color?: string;
  testId?: string;
}) {
  const max = Math.max(0, ...rows.map((r) => r.value));
  return (
    <ul class="bar-list" data-testid={testId}>
      {rows.map((row) => (
        <li key={row.label}>
          <span class="name" title={row.label}>
            {row.label}
          </span>
          <span class="track">
            <span
              class="fill"
              style={{ width: `${max > 0 ? (row.value / max) * 100 : 0}%`, background: color }}
            />
          </span>
          <span class="amount">
            {format(row.value)}
            {row.extra && <span class="muted"> {row.extra}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}

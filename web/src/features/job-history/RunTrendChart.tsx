// Issue 19: a job's runs over time with uPlot (small, canvas, well kept): the duration of each run
// as a line, and each run's outcome as a coloured mark along the bottom.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { HistoryRun } from './useJobHistory';

const OUTCOME_COLOUR: Record<string, string> = { success: '#34d399', warning: '#fbbf24', error: '#f87171', missed: '#a78bfa' };

export const RunTrendChart = ({ runs }: { runs: HistoryRun[] }) => {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element || runs.length === 0) {
      return;
    }
    const ordered = [...runs].reverse();
    const times = ordered.map((r) => Date.parse(r.runAt) / 1000);
    const minutes = ordered.map((r) => (r.durationSeconds === null ? null : Math.round((r.durationSeconds / 60) * 10) / 10));
    // Size on its own axis, shown only when the product reports it (Veeam, Proxmox, the API's sizeBytes).
    const sized = ordered.some((r) => r.sizeBytes !== null);
    const gib = ordered.map((r) => (r.sizeBytes === null ? null : Math.round((r.sizeBytes / 1024 ** 3) * 10) / 10));
    const plot = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 220,
        cursor: { drag: { x: false, y: false } },
        legend: { show: true },
        axes: [
          { stroke: '#94a3b8', grid: { stroke: 'rgba(148,163,184,0.12)' } },
          { stroke: '#94a3b8', grid: { stroke: 'rgba(148,163,184,0.12)' }, label: 'minutes' },
          ...(sized ? [{ scale: 'size', side: 1, stroke: '#c084fc', grid: { show: false }, label: 'GB' }] : []),
        ],
        series: [
          {},
          { label: 'Duration (min)', stroke: '#22d3ee', width: 2, spanGaps: true, points: { show: true, size: 4 } },
          ...(sized ? [{ label: 'Size (GB)', scale: 'size', stroke: '#c084fc', width: 2, dash: [6, 4], spanGaps: true }] : []),
        ],
        hooks: {
          // Each outcome point takes its run's colour.
          draw: [
            (u) => {
              const ctx = u.ctx;
              ordered.forEach((run, i) => {
                const x = u.valToPos(times[i] as number, 'x', true);
                const y = u.bbox.top + u.bbox.height;
                ctx.fillStyle = OUTCOME_COLOUR[run.status] ?? '#64748b';
                ctx.fillRect(x - 3, y - 10, 6, 8);
              });
            },
          ],
        },
      },
      sized ? [times, minutes, gib] : [times, minutes],
      element,
    );
    return () => plot.destroy();
  }, [runs]);
  return (
    <div
      ref={box}
      className="trend-chart"
      data-testid="trend-chart"
      role="img"
      aria-label="Duration, size and outcome of each run over time"
    />
  );
};

// Issue 20 (B15.2): the monthly report as a PDF, drawn with PDFKit (pure JavaScript, no browser
// at run time). A4, the MSP's logo and name at the top, summary figures, a daily trend chart
// (stacked bars of each day's runs by outcome, drawn as vector shapes), the per-job table and the
// missed runs. Helvetica is one of the 14 standard PDF fonts, so nothing is embedded but the logo.
import PDFDocument from 'pdfkit';
import type { ReportData } from './customer-report.service';

const COLOURS = { success: '#16a34a', warning: '#f59e0b', overridden: '#60a5fa', error: '#dc2626', missed: '#71717a' } as const;
const INK = '#18181b';
const MUTED = '#52525b';
const MARGIN = 48;

const hours = (h: number | null) => (h === null ? '—' : h >= 48 ? `${Math.round(h / 24)} days` : `${Math.round(h)} h`);
const pct = (p: number | null) => (p === null ? '—' : `${p}%`);

export const renderReportPdf = (d: ReportData): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
      info: { Title: `Backup report ${d.customer.name} ${d.monthLabel}`, Author: d.mspName, Creator: 'Flightdeck' },
      bufferPages: true,
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const width = doc.page.width - MARGIN * 2;

    // Header: logo and MSP name, then the title.
    let top = MARGIN;
    if (d.logo) {
      try {
        doc.image(d.logo.data, MARGIN, top, { fit: [140, 48] });
      } catch {
        // A logo PDFKit cannot read is left out rather than failing the report.
      }
    }
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .fillColor(MUTED)
      .text(d.mspName, MARGIN, top + 4, { width, align: 'right' });
    top += 64;
    doc.font('Helvetica-Bold').fontSize(22).fillColor(INK).text(`Backup report · ${d.customer.name}`, MARGIN, top, { width });
    doc.font('Helvetica').fontSize(12).fillColor(MUTED).text(`${d.monthLabel} · times in ${d.timezone}`, { width });
    top = doc.y + 16;

    // Summary figures.
    const tiles: [string, string][] = [
      ['Success rate', pct(d.totals.successRate)],
      ['Backup runs', String(d.totals.runs)],
      ['Failed', String(d.totals.error)],
      ['Missed', String(d.totals.missed)],
      ['Longest gap', hours(d.longestGapHours)],
      ['Tickets', `${d.tickets.opened} opened · ${d.tickets.resolved} resolved`],
    ];
    const tileWidth = width / 3;
    tiles.forEach(([label, value], i) => {
      const x = MARGIN + (i % 3) * tileWidth;
      const y = top + Math.floor(i / 3) * 52;
      doc
        .roundedRect(x + 2, y, tileWidth - 4, 46, 4)
        .fillColor('#f4f4f5')
        .fill();
      doc
        .font('Helvetica')
        .fontSize(9)
        .fillColor(MUTED)
        .text(label, x + 10, y + 8, { width: tileWidth - 20 });
      doc
        .font('Helvetica-Bold')
        .fontSize(i === 5 ? 11 : 16)
        .fillColor(INK)
        .text(value, x + 10, y + 21, { width: tileWidth - 20 });
    });
    top += 2 * 52 + 16;

    // Trend chart: one stacked bar per day of the month.
    doc.font('Helvetica-Bold').fontSize(13).fillColor(INK).text('Runs per day', MARGIN, top);
    top = doc.y + 6;
    const chartHeight = 120;
    const [y0, m0] = d.month.split('-').map(Number) as [number, number];
    const daysInMonth = new Date(Date.UTC(y0, m0, 0)).getUTCDate();
    const byDay = new Map(d.days.map((x) => [x.day, x]));
    const max = Math.max(1, ...d.days.map((x) => x.success + x.warning + x.overridden + x.error + x.missed));
    const slot = width / daysInMonth;
    doc
      .moveTo(MARGIN, top + chartHeight)
      .lineTo(MARGIN + width, top + chartHeight)
      .strokeColor('#d4d4d8')
      .lineWidth(0.5)
      .stroke();
    for (let day = 1; day <= daysInMonth; day += 1) {
      const cell = byDay.get(`${d.month}-${String(day).padStart(2, '0')}`);
      let y = top + chartHeight;
      for (const key of ['success', 'warning', 'overridden', 'error', 'missed'] as const) {
        const n = cell?.[key] ?? 0;
        if (n > 0) {
          const h = (n / max) * chartHeight;
          y -= h;
          doc
            .rect(MARGIN + (day - 1) * slot + slot * 0.15, y, slot * 0.7, h)
            .fillColor(COLOURS[key])
            .fill();
        }
      }
      if (day === 1 || day % 5 === 0) {
        doc
          .font('Helvetica')
          .fontSize(7)
          .fillColor(MUTED)
          .text(String(day), MARGIN + (day - 1) * slot, top + chartHeight + 3, { width: slot, align: 'center' });
      }
    }
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor(MUTED)
      .text(`max ${max}`, MARGIN, top - 2, { width, align: 'right' });
    let legendX = MARGIN;
    const legendY = top + chartHeight + 16;
    for (const [key, label] of [
      ['success', 'Success'],
      ['warning', 'Warning'],
      ['overridden', 'Accepted by rule'],
      ['error', 'Failed'],
      ['missed', 'Missed'],
    ] as const) {
      doc
        .rect(legendX, legendY + 1, 7, 7)
        .fillColor(COLOURS[key])
        .fill();
      doc
        .font('Helvetica')
        .fontSize(8)
        .fillColor(MUTED)
        .text(label, legendX + 10, legendY, { lineBreak: false });
      legendX += 20 + doc.widthOfString(label);
    }
    top = legendY + 24;

    // Per-job table.
    doc.font('Helvetica-Bold').fontSize(13).fillColor(INK).text('Backup jobs', MARGIN, top);
    top = doc.y + 6;
    const columns: [string, number, 'left' | 'right'][] = [
      ['Job', 0.34, 'left'],
      ['Runs', 0.08, 'right'],
      ['OK', 0.08, 'right'],
      ['Warn', 0.08, 'right'],
      ['Failed', 0.09, 'right'],
      ['Missed', 0.09, 'right'],
      ['Success', 0.1, 'right'],
      ['Longest gap', 0.14, 'right'],
    ];
    const row = (cells: string[], bold: boolean) => {
      if (top > doc.page.height - MARGIN - 30) {
        doc.addPage();
        top = MARGIN;
      }
      let x = MARGIN;
      cells.forEach((text, i) => {
        const [, share, align] = columns[i] as (typeof columns)[number];
        doc
          .font(bold ? 'Helvetica-Bold' : 'Helvetica')
          .fontSize(9)
          .fillColor(bold ? MUTED : INK)
          .text(text, x + 2, top, { width: width * share - 4, align, lineBreak: false, ellipsis: true });
        x += width * share;
      });
      top += 16;
      doc
        .moveTo(MARGIN, top - 4)
        .lineTo(MARGIN + width, top - 4)
        .strokeColor('#e4e4e7')
        .lineWidth(0.5)
        .stroke();
    };
    row(
      columns.map((c) => c[0]),
      true,
    );
    for (const j of d.jobs) {
      row(
        [
          j.job,
          String(j.runs),
          String(j.success + j.overridden),
          String(j.warning),
          String(j.error),
          String(j.missed),
          pct(j.successRate),
          hours(j.longest_gap_hours),
        ],
        false,
      );
    }
    if (!d.jobs.length) {
      doc.font('Helvetica').fontSize(10).fillColor(MUTED).text('No backup jobs were watched this month.', MARGIN, top);
      top = doc.y + 8;
    }

    // Missed runs.
    top += 12;
    if (top > doc.page.height - MARGIN - 60) {
      doc.addPage();
      top = MARGIN;
    }
    doc.font('Helvetica-Bold').fontSize(13).fillColor(INK).text(`Missed runs (${d.missedRuns.length})`, MARGIN, top);
    top = doc.y + 4;
    const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: d.timezone, dateStyle: 'medium', timeStyle: 'short' });
    doc.font('Helvetica').fontSize(9).fillColor(INK);
    if (d.missedRuns.length) {
      for (const r of d.missedRuns.slice(0, 60)) {
        if (doc.y > doc.page.height - MARGIN - 20) {
          doc.addPage();
        }
        doc.text(`${fmt.format(r.runAt)} · ${r.job}`, MARGIN, undefined, { width });
      }
    } else {
      doc.text('None: every scheduled run reported.', MARGIN, top, { width });
    }

    // Footer on every page.
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i += 1) {
      doc.switchToPage(i);
      // Text inside the bottom margin would start a new page; the footer lives there.
      doc.page.margins.bottom = 0;
      doc
        .font('Helvetica')
        .fontSize(8)
        .fillColor(MUTED)
        .text(
          `${d.mspName} · generated by Flightdeck on ${d.generatedAt.toISOString().slice(0, 10)} · page ${i + 1} of ${range.count}`,
          MARGIN,
          doc.page.height - MARGIN + 16,
          { width, align: 'center', lineBreak: false },
        );
    }
    doc.end();
  });

// Issue 20: the HTML frame of every mail Flightdeck sends. Outlook renders HTML with Word's engine
// and Gmail strips <style> blocks in many clients, so the layout is tables with inline styles, a
// fixed 600-pixel column, no web fonts and no images fetched from anywhere.
export const escapeHtml = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export const mailLayout = (parts: { brand: string; heading: string; body: string; link: { href: string; label: string } | null }) =>
  `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(parts.heading)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f4f5"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:600px;max-width:100%;background:#ffffff;border:1px solid #e4e4e7">
<tr><td style="padding:16px 24px;background:#18181b;color:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:13px;letter-spacing:0.5px">${escapeHtml(parts.brand)} · Flightdeck</td></tr>
<tr><td style="padding:24px;font-family:Arial,Helvetica,sans-serif;color:#18181b">
<h1 style="margin:0 0 16px;font-size:20px;line-height:26px;font-weight:bold">${escapeHtml(parts.heading)}</h1>
${parts.body}
${
  parts.link
    ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin-top:20px"><tr><td style="background:#2563eb;padding:10px 18px"><a href="${escapeHtml(parts.link.href)}" style="color:#ffffff;text-decoration:none;font-size:14px;font-family:Arial,Helvetica,sans-serif">${escapeHtml(parts.link.label)}</a></td></tr></table>`
    : ''
}
</td></tr>
<tr><td style="padding:12px 24px;border-top:1px solid #e4e4e7;font-family:Arial,Helvetica,sans-serif;font-size:11px;color:#71717a">Sent by Flightdeck. Notification settings: Settings → Notifications.</td></tr>
</table></td></tr></table></body></html>`;

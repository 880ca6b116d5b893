// Issue 17: what a pilot's markdown becomes in the chat, and what it can never become.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ChatMarkdown } from './ChatMarkdown';

const html = (text: string) => renderToStaticMarkup(<ChatMarkdown text={text} />);

describe('chat markdown', () => {
  it('renders code, lists and links', () => {
    const out = html(
      'Run `Get-Service Spooler`:\n\n```\nStatus  Name\nStopped Spooler\n```\n\n- one\n- two\n\nSee [the KB](https://learn.microsoft.com/kb).',
    );
    expect(out).toContain('<code>Get-Service Spooler</code>');
    expect(out).toContain('<pre><code>Status  Name\nStopped Spooler\n</code></pre>');
    expect(out).toContain('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    expect(out).toContain('<a href="https://learn.microsoft.com/kb" target="_blank" rel="noopener noreferrer nofollow">the KB</a>');
  });

  it('keeps typed line breaks', () => {
    expect(html('Next question: What error?\nNext check: Ping')).toContain('Next question: What error?<br/>\nNext check: Ping');
  });

  it('never renders raw HTML, script links or remote images', () => {
    const out = html(
      '<img src=x onerror=alert(1)> <script>alert(1)</script>\n\n[click](javascript:alert(1)) ![tracker](https://evil.example/p.gif)',
    );
    expect(out).not.toMatch(/<img|<script|onerror|javascript:/i);
    expect(out).toContain('<span>click</span>');
    expect(out).toContain('[image: tracker]');
  });
});

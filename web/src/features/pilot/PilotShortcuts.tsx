import { useEffect, useRef, useState } from 'react';

export type PaletteCommand = { id: string; label: string; run: () => void };

const SHORTCUTS = [
  ['⌘/Ctrl + K', 'Command palette'],
  ['⌘/Ctrl + Enter', 'Send the message'],
  ['⌘/Ctrl + G', 'Script generator (in a session)'],
  ['?', 'This overview'],
  ['Esc', 'Close palette or overview'],
];

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);

/** P8.5: ⌘/Ctrl+K palette and the `?` overlay. There is deliberately no Resolve shortcut. */
export const PilotShortcuts = ({ commands }: { commands: PaletteCommand[] }) => {
  const [palette, setPalette] = useState(false);
  const [overlay, setOverlay] = useState(false);
  const [query, setQuery] = useState('');
  // The listener is registered once; it reads the commands of the latest render.
  const commandsRef = useRef(commands);
  commandsRef.current = commands;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setQuery('');
        setPalette((p) => !p);
      } else if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 'g') {
        // P8.5: ⌘/Ctrl+G opens the script generator, where a session offers it.
        const generator = commandsRef.current.find((c) => c.id === 'script-generator');
        if (generator) {
          e.preventDefault();
          generator.run();
        }
      } else if (e.key === 'Escape') {
        setPalette(false);
        setOverlay(false);
      } else if (e.key === '?' && !isTyping(e.target)) {
        setOverlay((o) => !o);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const matches = commands.filter((c) => c.label.toLowerCase().includes(query.toLowerCase()));
  return (
    <>
      {palette && (
        <div className="pilot-palette" role="dialog" aria-label="Command palette">
          <input
            className="input"
            aria-label="Command"
            placeholder="Type a command…"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && matches[0]) {
                setPalette(false);
                matches[0].run();
              }
            }}
            // biome-ignore lint/a11y/noAutofocus: the palette exists to be typed into right away
            autoFocus
          />
          <ul>
            {matches.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setPalette(false);
                    c.run();
                  }}
                >
                  {c.label}
                </button>
              </li>
            ))}
            {matches.length === 0 && <li className="faint">No command matches.</li>}
          </ul>
        </div>
      )}
      {overlay && (
        <div className="pilot-palette" role="dialog" aria-label="Keyboard shortcuts">
          <strong>Keyboard shortcuts</strong>
          <table className="table">
            <tbody>
              {SHORTCUTS.map(([keys, what]) => (
                <tr key={keys}>
                  <td className="mono">{keys}</td>
                  <td>{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
};

import { useEffect, useRef, useState } from 'react';
import { type PaletteCommand, usePageCommands } from '@/app/page-commands';

export type { PaletteCommand };

const SHORTCUTS = [
  ['⌘/Ctrl + K', "Command palette: this session's commands, and jump anywhere"],
  ['⌘/Ctrl + Enter', 'Send the message'],
  ['⌘/Ctrl + G', 'Script generator (in a session)'],
  ['?', 'This overview'],
  ['Esc', 'Close palette or overview'],
];

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);

/**
 * P8.5: the pilot's commands in the app-wide ⌘/Ctrl+K palette (JumpPalette), ⌘/Ctrl+G and the `?`
 * overlay. There is deliberately no Resolve shortcut.
 */
export const PilotShortcuts = ({ commands }: { commands: PaletteCommand[] }) => {
  const [overlay, setOverlay] = useState(false);
  usePageCommands(commands);
  // The listener is registered once; it reads the commands of the latest render.
  const commandsRef = useRef(commands);
  commandsRef.current = commands;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 'g') {
        // P8.5: ⌘/Ctrl+G opens the script generator, where a session offers it.
        const generator = commandsRef.current.find((c) => c.id === 'script-generator');
        if (generator) {
          e.preventDefault();
          generator.run();
        }
      } else if (e.key === 'Escape') {
        setOverlay(false);
      } else if (e.key === '?' && !isTyping(e.target)) {
        setOverlay((o) => !o);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
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

// Issue 19: one ⌘/Ctrl+K palette for the whole app. A page that has commands of its own (FlowPilot:
// new session, the script generator…) hands them to the palette here, and they show first.
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';

export type PaletteCommand = { id: string; label: string; run: () => void };

type Registry = { commands: PaletteCommand[]; setCommands: (commands: PaletteCommand[]) => void };
const PageCommands = createContext<Registry>({ commands: [], setCommands: () => undefined });

export const PageCommandsProvider = ({ children }: { children: ReactNode }) => {
  const [commands, setCommands] = useState<PaletteCommand[]>([]);
  const value = useMemo(() => ({ commands, setCommands }), [commands]);
  return <PageCommands.Provider value={value}>{children}</PageCommands.Provider>;
};

/** The commands of the page on screen; they leave the palette when the page goes. */
export const usePageCommands = (commands: PaletteCommand[]) => {
  const { setCommands } = useContext(PageCommands);
  useEffect(() => {
    setCommands(commands);
    return () => setCommands([]);
  }, [commands, setCommands]);
};

export const useRegisteredCommands = () => useContext(PageCommands).commands;

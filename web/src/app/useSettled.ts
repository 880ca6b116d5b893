// Typed text, settled for a moment, so a search asks the server once a pause and not on every key.
import { useEffect, useState } from 'react';

export const useSettled = (text: string, ms: number) => {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text), ms);
    return () => clearTimeout(timer);
  }, [text, ms]);
  return settled;
};

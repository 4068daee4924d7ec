import { useEffect, useState } from 'preact/hooks';

/**
 * Short notices ("Rule saved.") in a polite live region; errors use Alert (role="alert") instead.
 * `toast()` can be called from anywhere; the one <Toasts/> in the shell shows them.
 */
type Notice = { id: number; text: string };
let nextId = 1;
const listeners = new Set<(notice: Notice) => void>();

export const toast = (text: string): void => {
  const notice = { id: nextId++, text };
  for (const listener of listeners) listener(notice);
};

export const Toasts = () => {
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => {
    const listener = (notice: Notice) => {
      setNotices((n) => [...n, notice]);
      setTimeout(() => setNotices((n) => n.filter((x) => x.id !== notice.id)), 4000);
    };
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {notices.map((n) => (
        <p class="toast" key={n.id}>
          {n.text}
        </p>
      ))}
    </div>
  );
};

export const Alert = (props: { kind: 'error' | 'info' | 'success'; children: preact.ComponentChildren }) => (
  <div class={`alert alert--${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
    {props.children}
  </div>
);

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";

/**
 * Saves text as a file through a hidden link the page renders and clicks. Returns `save` and the
 * link, which the caller renders (nothing while no file is being saved).
 */
export function useDownload(): { save: (name: string, text: string, type: string) => void; link: ReactNode } {
  const linkRef = useRef<HTMLAnchorElement>(null);
  const [file, setFile] = useState<{ url: string; name: string; key: number } | null>(null);

  useEffect(() => {
    if (!file) return;
    linkRef.current?.click();
    return () => URL.revokeObjectURL(file.url);
  }, [file]);

  const save = useCallback((name: string, text: string, type: string) => {
    const url = URL.createObjectURL(new Blob([text], { type }));
    setFile((previous) => ({ url, name, key: (previous?.key ?? 0) + 1 }));
  }, []);

  const link = file ? (
    <a key={file.key} ref={linkRef} href={file.url} download={file.name} hidden tabIndex={-1} aria-hidden>
      {file.name}
    </a>
  ) : null;
  return { save, link };
}

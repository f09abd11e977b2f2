import { useEffect, useId, useRef, useState } from "react";
import { Button, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useSession } from "../features/session.js";
import { useI18n, type Lang } from "../i18n/i18n.js";
import { ErrorBar, useAction } from "./common.js";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  row: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  // Rendered so that it can print, never seen.
  frame: { position: "fixed", right: 0, bottom: 0, width: 0, height: 0, border: 0 },
});

const kitPath = (meetingId: string, lang: Lang): string => `/paper-kit?meeting=${encodeURIComponent(meetingId)}&lang=${lang}`;

/** The file name the server gives the kit (api/src/http/paperKit.ts). */
const kitFileName = (meetingId: string, lang: Lang): string =>
  `${lang === "sv" ? "pappersunderlag" : "paper-kit"}-${meetingId.replace(/[^\w.-]+/g, "_").slice(0, 100)}.html`;

/**
 * The paper kit (issue 6): the meeting's attendance list and a roll-call sheet per item, to save
 * before the meeting and to print, for voting on paper while the system is down.
 */
export function PaperKitButtons({ meetingId }: { meetingId: string }) {
  const styles = useStyles();
  const { t, lang } = useI18n();
  const { api } = useSession();
  const { busy, error, run } = useAction();
  const headingId = useId();
  const frameRef = useRef<HTMLIFrameElement>(null);
  // A new document each time Print is pressed: the frame prints once it has loaded it.
  const [printing, setPrinting] = useState<{ html: string; key: number } | null>(null);
  const [download, setDownload] = useState<{ url: string; name: string } | null>(null);
  const linkRef = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    if (!download) return;
    linkRef.current?.click();
    return () => URL.revokeObjectURL(download.url);
  }, [download]);

  const handleDownload = () =>
    void run(async () => {
      const html = await api.fetchDocument(kitPath(meetingId, lang));
      setDownload({ url: URL.createObjectURL(new Blob([html], { type: "text/html;charset=utf-8" })), name: kitFileName(meetingId, lang) });
    });

  const handlePrint = () =>
    void run(async () => {
      const html = await api.fetchDocument(kitPath(meetingId, lang));
      setPrinting((previous) => ({ html, key: (previous?.key ?? 0) + 1 }));
    });

  const handleFrameLoad = () => {
    const view = frameRef.current?.contentWindow;
    if (!printing || !view) return;
    view.focus();
    view.print();
  };

  return (
    <section className={styles.stack} aria-labelledby={headingId}>
      <Text as="h2" id={headingId} size={500} weight="semibold">
        {t("paperKit")}
      </Text>
      <Text>{t("paperKitHelp")}</Text>
      <div className={styles.row}>
        <Button appearance="primary" disabled={busy} onClick={handleDownload}>
          {t("paperKitDownload")}
        </Button>
        <Button disabled={busy} onClick={handlePrint}>
          {t("paperKitPrint")}
        </Button>
      </div>
      <ErrorBar error={error} />
      {download && (
        <a ref={linkRef} href={download.url} download={download.name} hidden tabIndex={-1} aria-hidden>
          {download.name}
        </a>
      )}
      {printing && (
        <iframe
          key={printing.key}
          ref={frameRef}
          className={styles.frame}
          title={t("paperKitFrame")}
          srcDoc={printing.html}
          onLoad={handleFrameLoad}
          tabIndex={-1}
          aria-hidden
        />
      )}
    </section>
  );
}

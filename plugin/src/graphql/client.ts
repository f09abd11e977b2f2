/** The API: GraphQL over HTTP for queries and mutations, GraphQL over SSE (fetch-based) for subscriptions. */

/** A problem in an imported file, as a refused import names it (extensions.problems). */
export interface ProblemInFile {
  readonly line: number;
  readonly column: string | null;
  readonly reason: string;
}

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    message: string,
    /** The contract's code, or NETWORK when the server could not be reached. */
    readonly code: string,
    /** For a refused file (BAD_INPUT): every problem in it, by line. */
    readonly problems: readonly ProblemInFile[] = [],
  ) {
    super(message);
  }
}

function problemsOf(extensions: { problems?: unknown } | undefined): ProblemInFile[] {
  const list = extensions?.problems;
  if (!Array.isArray(list)) return [];
  return list.flatMap((p: unknown): ProblemInFile[] => {
    if (typeof p !== "object" || p === null) return [];
    const { line, column, reason } = p as Record<string, unknown>;
    if (typeof line !== "number" || typeof reason !== "string") return [];
    return [{ line, column: typeof column === "string" ? column : null, reason }];
  });
}

/** The file name a content-disposition header gives (filename*=UTF-8'' first, then filename=), if any. */
export function fileNameOf(header: string | null): string | null {
  if (!header) return null;
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim());
    } catch {
      // Badly encoded: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  const name = plain?.[1]?.replace(/\\(.)/g, "$1") ?? plain?.[2]?.trim();
  return name ? name : null;
}

export type ConnectionStatus = "connecting" | "live" | "reconnecting";

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: ReadonlyArray<{ message: string; extensions?: { code?: string; problems?: unknown } }>;
}

export class ApiClient {
  constructor(
    private readonly getToken: () => Promise<string>,
    private readonly endpoint = "/graphql",
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${await this.getToken()}` },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new ApiError(error instanceof Error ? error.message : String(error), "NETWORK");
    }
    let body: GraphQLResponse<T>;
    try {
      body = (await response.json()) as GraphQLResponse<T>;
    } catch {
      throw new ApiError(`The server answered ${response.status}`, response.status >= 500 ? "NETWORK" : "BAD_RESPONSE");
    }
    const error = body.errors?.[0];
    if (error) throw new ApiError(error.message, error.extensions?.code ?? "ERROR", problemsOf(error.extensions));
    if (!body.data) throw new ApiError("The server sent no data", "BAD_RESPONSE");
    return body.data;
  }

  /** A document the server makes (e.g. GET /paper-kit), as text, fetched with the bearer token. */
  async fetchDocument(path: string): Promise<string> {
    return (await this.fetchFile(path)).text;
  }

  /** A document the server makes, with the file name it gives it (content-disposition), if any. */
  async fetchFile(path: string): Promise<{ text: string; fileName: string | null }> {
    let response: Response;
    try {
      response = await fetch(path, { headers: { authorization: `Bearer ${await this.getToken()}` } });
    } catch (error) {
      throw new ApiError(error instanceof Error ? error.message : String(error), "NETWORK");
    }
    if (response.ok) return { text: await response.text(), fileName: fileNameOf(response.headers.get("content-disposition")) };
    // The server's refusals are JSON: { error, code }.
    const body: unknown = await response.json().catch(() => null);
    const isObject = typeof body === "object" && body !== null;
    const message = isObject && "error" in body && typeof body.error === "string" ? body.error : `The server answered ${response.status}`;
    const code = isObject && "code" in body && typeof body.code === "string" ? body.code : response.status >= 500 ? "NETWORK" : "ERROR";
    throw new ApiError(message, code);
  }

  /**
   * Subscribes over SSE and keeps the subscription up: when the stream breaks it reconnects by
   * itself (1 s, 2 s, 4 s ... at most 10 s apart), fetching a fresh token each time. Returns stop().
   */
  subscribe<T>(
    query: string,
    variables: Record<string, unknown>,
    onData: (data: T) => void,
    onStatus: (status: ConnectionStatus, error?: ApiError) => void,
  ): () => void {
    let stopped = false;
    let controller: AbortController | null = null;
    let attempt = 0;
    let wakeRetry: (() => void) | null = null;
    // The browser knows first when the network is gone (an open stream may not break for minutes):
    // drop the stream and say so at once, and reconnect as soon as the network is back.
    const handleOffline = () => {
      controller?.abort();
      onStatus("reconnecting");
    };
    const handleOnline = () => wakeRetry?.();
    window.addEventListener("offline", handleOffline);
    window.addEventListener("online", handleOnline);
    const run = async (): Promise<void> => {
      while (!stopped) {
        controller = new AbortController();
        onStatus(attempt === 0 ? "connecting" : "reconnecting");
        try {
          const response = await fetch(this.endpoint, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              accept: "text/event-stream",
              authorization: `Bearer ${await this.getToken()}`,
            },
            body: JSON.stringify({ query, variables }),
            signal: controller.signal,
          });
          if (!response.body || !response.ok) throw new ApiError(`The server answered ${response.status}`, "NETWORK");
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = "";
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let cut: number;
            while ((cut = buffer.indexOf("\n\n")) >= 0) {
              const block = buffer.slice(0, cut);
              buffer = buffer.slice(cut + 2);
              const data = block
                .split("\n")
                .filter((line) => line.startsWith("data:"))
                .map((line) => line.slice(5).trim())
                .join("");
              if (!data) continue;
              const message = JSON.parse(data) as GraphQLResponse<T>;
              const error = message.errors?.[0];
              if (error) {
                // A refused subscription (unknown meeting, signed out) does not get better by retrying.
                stopped = true;
                onStatus("reconnecting", new ApiError(error.message, error.extensions?.code ?? "ERROR"));
                return;
              }
              if (message.data) {
                attempt = 0;
                onStatus("live");
                onData(message.data);
              }
            }
          }
        } catch (error) {
          if (stopped) return;
          void error;
        }
        if (stopped) return;
        attempt += 1;
        onStatus("reconnecting");
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(10_000, 1000 * 2 ** Math.min(attempt - 1, 4)));
          wakeRetry = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeRetry = null;
        // Offline: wait for the network rather than fail again and again.
        if (!navigator.onLine) await new Promise<void>((resolve) => (wakeRetry = resolve));
      }
    };
    void run();
    return () => {
      stopped = true;
      window.removeEventListener("offline", handleOffline);
      window.removeEventListener("online", handleOnline);
      wakeRetry?.();
      controller?.abort();
    };
  }
}

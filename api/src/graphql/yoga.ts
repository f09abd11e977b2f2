import type { IncomingMessage, ServerResponse } from "node:http";
import { createYoga, type Plugin, type YogaLogger } from "graphql-yoga";
import { useCSRFPrevention } from "@graphql-yoga/plugin-csrf-prevention";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import { costLimitPlugin } from "@escape.tech/graphql-armor-cost-limit";
import { blockFieldSuggestionsPlugin } from "@escape.tech/graphql-armor-block-field-suggestions";
import { GraphQLError, type ValidationContext } from "graphql";
import type { Logger } from "pino";
import type { Mode } from "../config.js";
import { createContext, type Services } from "./context.js";
import { apiError } from "./errors.js";
import { schema } from "./schema.js";

export interface ServerContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

export interface ApiOptions extends Services {
  readonly mode: Mode;
  readonly log: Logger;
  /** Demo mode: a fresh token for GraphiQL's headers, so the API can be tried at once. */
  readonly demoToken?: () => Promise<string>;
}

/** Limits on what one request may ask (the contract: over the limits is BAD_INPUT). */
export const LIMITS = { depth: 12, aliases: 20, tokens: 2000, cost: 20_000 } as const;

const reject = [
  (_ctx: ValidationContext | null, error: GraphQLError) => {
    throw apiError("BAD_INPUT", error.message, 400);
  },
];

/**
 * yoga's request parsers throw plain errors for some malformed requests (JSON that does not parse in
 * a GET or form `variables`/`extensions`, a multipart `map` that is not a map), which it then masks as
 * a 500. Those are the client's mistake: BAD_INPUT, 400.
 */
function malformedRequestIsBadInput(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (error instanceof GraphQLError) throw error;
          throw apiError("BAD_INPUT", "The request is malformed: variables and extensions must be JSON objects, and a multipart map must map files to variables.", 400);
        }
      });
    },
  };
}

/** What an answer that yoga leaves empty means, for the client to read. */
const EMPTY_REFUSALS: Readonly<Record<number, string>> = {
  406: "The Accept header asks for a format this API does not answer: accept application/json, application/graphql-response+json or text/event-stream.",
  415: "Send the request as application/json (or multipart/form-data).",
};

/**
 * Every refusal is a GraphQL error with a code and a message (the contract): graphql-js leaves a
 * variable that does not fit its type without a code, CSRF prevention and the multipart parser too,
 * and yoga answers 406 and 415 with an empty body. Those are all the client's request: BAD_INPUT,
 * with the status yoga chose. (Unexpected errors already carry INTERNAL_SERVER_ERROR, masked.)
 */
function everyRefusalHasACode(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !("errors" in result) || !result.errors?.length) return;
      if (result.errors.every((e) => e.extensions?.["code"] !== undefined)) return;
      setResult({
        ...result,
        errors: result.errors.map((e) =>
          e.extensions?.["code"] !== undefined
            ? e
            : new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, path: e.path, originalError: e.originalError, extensions: { ...e.extensions, code: "BAD_INPUT" } }),
        ),
      });
    },
    onResponse({ response, setResponse, fetchAPI }) {
      if (response.status < 400 || response.body !== null) return;
      const message = EMPTY_REFUSALS[response.status] ?? `The request was refused (HTTP ${response.status}).`;
      setResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: "BAD_INPUT" } }] }), {
          status: response.status,
          headers: { "content-type": "application/json; charset=utf-8" },
        }),
      );
    },
  };
}

export function createApi(options: ApiOptions) {
  const { mode, log, demoToken } = options;
  return createYoga<ServerContext>({
    schema,
    context: createContext(options),
    graphqlEndpoint: "/graphql",
    landingPage: false,
    maskedErrors: true,
    logging: yogaLogger(log),
    renderGraphiQL,
    graphiql:
      mode === "demo"
        ? async () => ({
            title: "Council voting API (demo)",
            headers: demoToken ? JSON.stringify({ Authorization: `Bearer ${await demoToken()}` }) : undefined,
            defaultQuery: "{\n  viewer { displayName roles }\n  assemblies { name seatCount meetings { id title status } }\n}\n",
          })
        : false,
    plugins: [
      useCSRFPrevention({ requestHeaders: ["x-graphql-yoga-csrf"] }),
      malformedRequestIsBadInput(),
      everyRefusalHasACode(),
      maxDepthPlugin({ n: LIMITS.depth, onReject: reject }),
      maxAliasesPlugin({ n: LIMITS.aliases, onReject: reject }),
      maxTokensPlugin({ n: LIMITS.tokens, onReject: reject }),
      costLimitPlugin({ maxCost: LIMITS.cost, onReject: reject }),
      ...(mode === "production" ? [blockFieldSuggestionsPlugin()] : []),
    ],
  });
}

function yogaLogger(log: Logger): YogaLogger {
  return {
    debug: (...args) => log.debug({ yoga: args }, "yoga"),
    info: (...args) => log.info({ yoga: args }, "yoga"),
    warn: (...args) => log.warn({ yoga: args }, "yoga"),
    error: (...args) => log.error({ yoga: args }, "yoga"),
  };
}

import {
  create,
  type DescMessage,
  type DescMethodUnary,
  fromBinary,
  isMessage,
  type MessageInitShape,
  toBinary,
} from "@bufbuild/protobuf";
import { appendHeaders, Code, ConnectError, type Transport, type UnaryResponse } from "@connectrpc/connect";
import {
  errorFromJson,
  requestHeader,
  trailerDemux,
  validateResponse,
} from "@connectrpc/connect/protocol-connect";

export interface UnaryFetchTransportOptions {
  baseUrl: string;
  /**
   * True when every call comes with an AbortSignal that fires at its deadline (the resilient
   * transport's): no second timer is armed here. Otherwise `timeoutMs` is enforced here too.
   */
  signalCarriesDeadline?: boolean;
}

function serialize<I extends DescMessage>(desc: I, message: MessageInitShape<I>): Uint8Array {
  try {
    return toBinary(desc, isMessage(message, desc) ? message : create(desc, message));
  } catch (e) {
    throw new ConnectError(`serialize binary: ${e instanceof Error ? e.message : String(e)}`, Code.Internal);
  }
}

function parse<O extends DescMessage>(desc: O, bytes: Uint8Array) {
  try {
    return fromBinary(desc, bytes);
  } catch (e) {
    throw new ConnectError(`parse binary: ${e instanceof Error ? e.message : String(e)}`, Code.Internal);
  }
}

/**
 * Connect unary calls (binary, `application/proto`) over Bun's fetch, for the "connect" protocol.
 * The same wire exchange as connect-web's transport with `useBinaryFormat` — request headers,
 * `connect-timeout-ms`, error bodies, trailers, error codes — without what a unary call on the
 * server side of a Nova client never uses: interceptor chains, a linked AbortController and its
 * listeners per call, message normalisation passes. Streams are not handled here (`stream` comes
 * from `fallback`), nor are client interceptors (the caller uses connect-web when there are any).
 */
export function createUnaryFetchTransport(opts: UnaryFetchTransportOptions, fallback: Transport): Transport {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const urls = new WeakMap<object, string>();
  const urlOf = (method: DescMethodUnary) => {
    let url = urls.get(method);
    if (url === undefined) {
      url = `${base}/${method.parent.typeName}/${method.name}`;
      urls.set(method, url);
    }
    return url;
  };

  return {
    async unary<I extends DescMessage, O extends DescMessage>(
      method: DescMethodUnary<I, O>,
      signal: AbortSignal | undefined,
      timeoutMs: number | undefined,
      header: HeadersInit | undefined,
      message: MessageInitShape<I>,
    ): Promise<UnaryResponse<I, O>> {
      const timeout = timeoutMs === undefined || timeoutMs <= 0 ? undefined : timeoutMs;
      let cleanup: (() => void) | undefined;
      let callSignal = signal;
      if (timeout !== undefined && !(opts.signalCarriesDeadline && signal)) {
        const controller = new AbortController();
        const onAbort = () => controller.abort(signal?.reason);
        if (signal?.aborted) onAbort();
        else signal?.addEventListener("abort", onAbort, { once: true });
        const timer = setTimeout(
          () => controller.abort(new ConnectError("the operation timed out", Code.DeadlineExceeded)),
          timeout,
        );
        cleanup = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
        };
        callSignal = controller.signal;
      }
      try {
        const res = await fetch(urlOf(method), {
          method: "POST",
          redirect: "error",
          headers: requestHeader(method.methodKind, true, timeout, header, false),
          body: serialize(method.input, message) as BodyInit,
          ...(callSignal ? { signal: callSignal } : {}),
        });
        const { isUnaryError, unaryError } = validateResponse(
          method.methodKind,
          true,
          res.status,
          res.headers,
        );
        if (isUnaryError) {
          throw errorFromJson(await res.json(), appendHeaders(...trailerDemux(res.headers)), unaryError);
        }
        const [responseHeader, trailer] = trailerDemux(res.headers);
        return {
          stream: false,
          service: method.parent,
          method,
          header: responseHeader,
          message: parse(method.output, new Uint8Array(await res.arrayBuffer())),
          trailer,
        };
      } catch (err) {
        // As connect's runUnaryCall: a fired deadline or abort is the signal's reason.
        throw ConnectError.from(callSignal?.aborted ? callSignal.reason : err);
      } finally {
        cleanup?.();
      }
    },
    stream: (...args) => fallback.stream(...args),
  };
}
